# Las mesas de soporte de los socios (/soporte-profesional).

desk-calendar-shape = El calendario no tiene la forma esperada ({ $detail }). Escribe "kind": "24x7", o "kind": "business" con "zone", "hours" y "mx_statutory_holidays" (y, si quieres, "extra_holidays").
desk-calendar-zone = «{ $zone }» no es una zona horaria de México. Usa una de estas: { $zones }.
desk-calendar-time = «{ $value }» no es una hora válida en el horario del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    }: escribe HH:MM, de 00:00 a 23:59 (o 24:00 como fin).
desk-calendar-reversed = El intervalo { $start }–{ $end } del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    } termina antes de empezar o no dura nada. Un turno que cruza la medianoche se escribe como dos intervalos, uno en cada día.
desk-calendar-overlap = En el horario del { $day ->
    [mon] lunes
    [tue] martes
    [wed] miércoles
    [thu] jueves
    [fri] viernes
    [sat] sábado
   *[sun] domingo
    } los intervalos { $first } y { $second } se enciman.
desk-calendar-date = «{ $value }» no es una fecha válida para un día festivo: escribe AAAA-MM-DD, entre 1970 y 2199.
desk-calendar-no-hours = El horario no tiene ninguna hora hábil. Agrega al menos un intervalo o usa un calendario 24x7.
desk-calendar-too-many-holidays = El calendario trae { $count } días festivos adicionales; el máximo es { $max }.
desk-instant-bad = «{ $value }» no es un instante ISO-8601 en UTC (por ejemplo, 2025-12-12T15:00:00Z).
desk-instant-minute = «{ $value }» no cae en un minuto exacto: los segundos deben ser cero.
desk-instant-range = «{ $value }» está fuera de las fechas que maneja el reloj (de 1970 a 2199).
desk-pause-reversed = La pausa de { $start } a { $end } termina antes de empezar.
desk-target-bad = La meta debe ser un número entero de minutos entre 0 y { $max }, no { $value }.
desk-due-beyond = Con este calendario la meta vencería después de 2199.
desk-sla-not-json = La línea { $line } no es JSON válido: { $detail }
desk-sla-missing = Falta el campo «{ $field }».
desk-sla-shape = El campo «{ $field }» no tiene la forma esperada: el registro es un objeto, los instantes son textos ISO-8601, las pausas son pares [inicio, fin] y la meta es un número.
desk-sla-failed-lines = { $count ->
    [one] Una línea tuvo un error (ver su respuesta).
   *[other] { $count } líneas tuvieron errores (ver sus respuestas).
}
