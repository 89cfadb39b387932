# The partner directory (crates/partners).

partners-title = Directorio de Socios
partners-lead = Empresas del ecosistema MxOS que dan soporte profesional: con contratos, niveles de servicio y personal certificado. Busca por estado, servicio, sector y horario.
partners-filters = Filtros del directorio
partners-field-state = Estado
partners-any-state = Cualquier estado
partners-nationwide = Remoto, todo el país
partners-nationwide-short = remoto en todo el país
partners-nationwide-text = Da soporte remoto en todo el país.
partners-field-city = Ciudad
partners-any-city = Cualquier ciudad
partners-field-services = Servicios
partners-field-sector = Sector que atiende
partners-any = Cualquiera
partners-field-hours = Horario
partners-field-level = Nivel de respuesta
partners-field-language = Idioma
partners-field-certified = Personas certificadas
partners-field-verified = Solo socios con verificación vigente
partners-field-sort = Ordenar por
partners-search = Buscar socios
partners-found = { $count ->
    [0] Ningún socio cumple con estos filtros.
    [one] Un socio cumple con estos filtros.
   *[other] { $count } socios cumplen con estos filtros.
}
partners-none-found = Prueba con menos filtros, o busca soporte remoto en todo el país.
partners-certified-count = { $count ->
    [0] Sin personas certificadas
    [one] 1 persona certificada
   *[other] { $count } personas certificadas
}
partners-certified-at-least = { $count ->
    [one] Al menos 1
   *[other] Al menos { $count }
}
partners-verified-until = Verificado por la Fundación hasta el { $date }
partners-verification-expired = Verificación vencida el { $date }
partners-sort-relevance = Relevancia
partners-sort-certified = Personas certificadas
partners-sort-name = Nombre
partners-service-instalacion = Instalación
partners-service-migracion = Migración
partners-service-administracion = Administración
partners-service-capacitacion = Capacitación
partners-service-desarrollo = Desarrollo
partners-service-en-sitio = Soporte en sitio
partners-sector-gobierno = Gobierno
partners-sector-educacion = Educación
partners-sector-salud = Salud
partners-sector-pymes = Pymes
partners-sector-industria = Industria
partners-sector-finanzas = Finanzas
partners-sector-sociedad-civil = Sociedad civil
partners-hours-24x7 = 24/7
partners-hours-habil = Horario hábil
partners-level-1h = Incidentes críticos en 1 hora
partners-level-4h = Incidentes críticos en 4 horas
partners-level-dia-habil = Respuesta al siguiente día hábil
partners-rfc = RFC
partners-rfc-length = El RFC tiene 12 caracteres (persona moral) o 13 (persona física).
partners-rfc-letters = El RFC empieza con 3 letras (persona moral) o 4 (persona física).
partners-rfc-date = La fecha del RFC (AAMMDD, después de las letras) no es una fecha válida.
partners-rfc-homoclave = La homoclave del RFC (sus tres últimos caracteres) solo lleva letras y dígitos.
partners-rfc-check-digit = El dígito verificador del RFC no corresponde: revisa que esté bien escrito.
partners-rfc-taken = Ya hay un socio registrado con ese RFC.
partners-unknown-title = Socio no encontrado
partners-unknown = Ese socio no está en el directorio: puede que aún no lo verifique la Fundación.
partners-crumbs = Ruta
partners-sectors = Sectores
partners-levels = Niveles de respuesta
partners-languages = Idiomas
partners-coverage = Cobertura
partners-map-title = Mapa de cobertura por estado
partners-map-summary = Atiende: { $states }.
partners-map-summary-nationwide = Atiende todo el país.
partners-map-covered = { $state }: atiende
partners-map-not-covered = { $state }: no atiende
partners-map-office = { $state }: tiene oficina
partners-key-covered = Atiende
partners-key-office = Tiene oficina
partners-key-not-covered = No atiende
partners-offices = Oficinas
partners-covered-states = Estados que atiende
partners-contact = Contacto
partners-channel-web = Sitio web
partners-channel-phone = Teléfono
partners-channel-whatsapp = WhatsApp
partners-channel-email = Correo
