// The stored edges of one type (__TYPE__, from the schema) among $rows: [{source, target, since}].
UNWIND $rows AS r
MATCH (:Entity {id: r.source})-[e:__TYPE__ {since: r.since}]->(:Entity {id: r.target})
RETURN r.source AS source, r.target AS target, properties(e) AS props
