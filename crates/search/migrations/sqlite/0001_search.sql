-- Search: the synonym groups staff keep (one row per group, the words as written,
-- comma-separated), seeded with a curated Mexican Spanish list and an English one;
-- the queries people type (text and time only: no person, no address) and the
-- results they opened, for the staff's report. Mirrors the other backend's file.

CREATE TABLE search_synonyms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lang TEXT NOT NULL,
    words TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE search_queries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    query TEXT NOT NULL,
    folded TEXT NOT NULL,
    results INTEGER NOT NULL
);
CREATE INDEX search_queries_at ON search_queries (at, folded);

CREATE TABLE search_clicks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_id INTEGER NOT NULL REFERENCES search_queries (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX search_clicks_query ON search_clicks (query_id);

INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'celular, teléfono celular, teléfono móvil, móvil, smartphone', 1);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'audífonos, auriculares, cascos', 2);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'liga, enlace, vínculo, link', 3);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'bajar, descargar', 4);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'subir, cargar', 5);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'computadora, ordenador, compu, pc', 6);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'laptop, portátil, lap', 7);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'contraseña, clave, password', 8);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'correo, correo electrónico, email, mail', 9);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'carpeta, directorio', 10);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'archivo, fichero', 11);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'borrar, eliminar, suprimir', 12);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'wifi, wi-fi, red inalámbrica', 13);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'pantalla, monitor', 14);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'ratón, mouse', 15);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'memoria usb, usb, pendrive', 16);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'reiniciar, resetear', 17);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'programa, aplicación, app', 18);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'checar, revisar, verificar, comprobar', 19);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'falla, fallo, error', 20);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'iniciar sesión, entrar, acceder, login', 21);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'actualizar, actualización, update', 22);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'foto, fotografía, imagen', 23);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'bocina, altavoz, parlante', 24);
INSERT INTO search_synonyms (lang, words, position) VALUES ('es', 'apagar, desconectar', 25);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'cellphone, cell phone, mobile phone, smartphone', 1);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'headphones, earphones, headset', 2);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'link, hyperlink, url', 3);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'computer, pc', 4);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'laptop, notebook', 5);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'password, passphrase', 6);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'folder, directory', 7);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'delete, remove, erase', 8);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'download, get', 9);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'log in, sign in, login', 10);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'wifi, wi-fi, wireless', 11);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'reboot, restart', 12);
INSERT INTO search_synonyms (lang, words, position) VALUES ('en', 'app, application, program', 13);
