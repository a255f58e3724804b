// How many edges of one type (__TYPE__, from the schema); answered from the count store.
MATCH ()-[e:__TYPE__]->()
RETURN count(e) AS n
