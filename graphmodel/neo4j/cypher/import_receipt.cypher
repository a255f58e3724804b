// Written in the import's own transaction just before it commits: if the connection drops
// during COMMIT, finding this receipt later tells whether the import was stored.
CREATE (:AllymapImport {id: $id, at: $at, nodes: $nodes, edges: $edges})
