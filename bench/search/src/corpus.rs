//! A reproducible Spanish corpus: articles and queries drawn from a vocabulary of
//! support words with a Zipf-like distribution (a few words are everywhere, most are
//! rare), from a seed.

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Topic words of support articles, most common first.
const WORDS: &[&str] = &[
    "configuración",
    "sistema",
    "red",
    "usuario",
    "archivo",
    "instalación",
    "impresora",
    "contraseña",
    "actualización",
    "pantalla",
    "teclado",
    "sonido",
    "conexión",
    "servidor",
    "programa",
    "aplicación",
    "disco",
    "memoria",
    "error",
    "sesión",
    "cuenta",
    "correo",
    "navegador",
    "controlador",
    "paquete",
    "terminal",
    "carpeta",
    "permiso",
    "respaldo",
    "seguridad",
    "inalámbrica",
    "cable",
    "puerto",
    "dispositivo",
    "batería",
    "energía",
    "arranque",
    "núcleo",
    "módulo",
    "servicio",
    "proceso",
    "registro",
    "bitácora",
    "partición",
    "montaje",
    "volumen",
    "audífonos",
    "micrófono",
    "cámara",
    "bluetooth",
    "wifi",
    "enrutador",
    "dirección",
    "dominio",
    "certificado",
    "cifrado",
    "firewall",
    "escritorio",
    "ventana",
    "menú",
    "icono",
    "fuente",
    "idioma",
    "teclas",
    "atajo",
    "ratón",
    "panel",
    "tableta",
    "celular",
    "teléfono",
    "sincronización",
    "calendario",
    "contactos",
    "documento",
    "hoja",
    "presentación",
    "imagen",
    "video",
    "música",
    "reproductor",
    "descarga",
    "velocidad",
    "rendimiento",
    "temperatura",
    "ventilador",
    "procesador",
    "gráficos",
    "monitor",
    "resolución",
    "brillo",
    "proyector",
    "escáner",
    "unidad",
    "memoria usb",
    "formato",
    "sistema de archivos",
    "copia",
    "restauración",
    "repositorio",
    "dependencia",
    "versión",
    "compilación",
    "biblioteca",
    "script",
    "comando",
    "variable",
    "entorno",
    "shell",
    "editor",
    "texto",
    "codificación",
    "zona horaria",
    "fecha",
    "hora",
    "reloj",
    "suspensión",
    "hibernación",
    "apagado",
    "reinicio",
    "pantalla azul",
    "congelamiento",
    "lentitud",
    "fallo",
    "advertencia",
    "mensaje",
    "notificación",
    "alerta",
    "bloqueo",
    "desbloqueo",
    "huella",
    "rostro",
    "autenticación",
    "verificación",
    "token",
    "clave",
    "llave",
    "ssh",
    "vpn",
    "proxy",
    "dns",
    "dhcp",
    "ip",
    "máscara",
    "puerta de enlace",
    "ancho de banda",
    "latencia",
    "paquetes perdidos",
    "señal",
    "antena",
    "canal",
    "frecuencia",
    "modem",
    "fibra",
    "ethernet",
    "switch",
    "virtualización",
    "contenedor",
    "máquina virtual",
    "nube",
    "almacenamiento",
    "cuota",
    "espacio",
    "limpieza",
    "caché",
    "temporal",
    "papelera",
    "recuperación",
    "particionado",
    "cifrado de disco",
    "arranque seguro",
    "firmware",
    "bios",
    "uefi",
    "gestor de arranque",
    "kernel",
    "pánico",
    "volcado",
    "depuración",
    "rastreo",
    "perfil",
    "privacidad",
    "cookies",
    "historial",
    "extensión",
    "complemento",
    "tema",
    "accesibilidad",
    "lector de pantalla",
    "lupa",
    "contraste",
    "subtítulos",
];

/// Verbs and connecting words that make the text read like text.
const FILLER: &[&str] = &[
    "de",
    "la",
    "el",
    "en",
    "y",
    "que",
    "para",
    "con",
    "por",
    "los",
    "las",
    "una",
    "un",
    "se",
    "no",
    "si",
    "al",
    "del",
    "revisa",
    "abre",
    "instala",
    "configura",
    "reinicia",
    "conecta",
    "desconecta",
    "activa",
    "desactiva",
    "elige",
    "selecciona",
    "escribe",
    "guarda",
    "borra",
    "actualiza",
    "descarga",
    "comprueba",
    "cambia",
    "agrega",
    "quita",
    "funciona",
    "aparece",
    "falla",
    "tarda",
    "muestra",
    "permite",
    "necesitas",
    "puedes",
];

/// Draws a word index with probability falling like 1/(rank + 1).
fn zipf(rng: &mut Rng, n: usize) -> usize {
    // Inverse of the continuous approximation of the harmonic CDF.
    let u = rng.unit();
    let x = ((n as f64 + 1.0).ln() * u).exp() - 1.0;
    (x as usize).min(n - 1)
}

fn phrase(rng: &mut Rng, words: usize, out: &mut String) {
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        if rng.below(3) == 0 {
            out.push_str(FILLER[rng.below(FILLER.len())]);
        } else {
            out.push_str(WORDS[zipf(rng, WORDS.len())]);
        }
    }
}

/// One generated article.
pub struct Article {
    pub title: String,
    pub body: String,
}

pub fn article(rng: &mut Rng) -> Article {
    let mut title = String::new();
    let words = 3 + rng.below(5);
    phrase(rng, words, &mut title);
    let mut body = String::new();
    let sentences = 6 + rng.below(20);
    for _ in 0..sentences {
        if !body.is_empty() {
            body.push_str(". ");
        }
        let words = 6 + rng.below(12);
        phrase(rng, words, &mut body);
    }
    body.push('.');
    Article { title, body }
}

/// A query as people type it: one to four topic words, sometimes without accents.
pub fn query(rng: &mut Rng) -> String {
    let words = 1 + rng.below(4);
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[zipf(rng, WORDS.len())]);
    }
    if rng.below(2) == 0 {
        soporte_platform::text::fold(&text)
    } else {
        text
    }
}
