// Finders.change_dates: the distinct since dates in ($start, $end] and until dates in
// [$start, $end) of the edges of the types asked for (the days on which a rule's answer can
// change). Open ends are stored as "", which no comparison here lets through.
MATCH ()-[e:__TYPES__]->()
WHERE (e.since > $start AND e.since <= $end) OR (e.until >= $start AND e.until < $end)
WITH collect(DISTINCT e.since) AS sinces, collect(DISTINCT e.until) AS untils
RETURN [d IN sinces WHERE d > $start AND d <= $end] AS sinces,
       [d IN untils WHERE d >= $start AND d < $end] AS untils
