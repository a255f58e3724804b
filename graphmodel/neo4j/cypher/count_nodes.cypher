// How many nodes of one type (__LABEL__, from the schema); answered from the count store.
MATCH (n:__LABEL__)
RETURN count(n) AS n
