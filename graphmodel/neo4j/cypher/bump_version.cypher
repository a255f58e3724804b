// Mark the graph as changed outside an import (a wipe), so imports planned before are refused.
MERGE (s:AllymapState {id: 'allymap'})
SET s.version = coalesce(s.version, 0) + 1
