"""揭榜挂帅 open calls: a need with a reward and deadlines that any eligible team may take on."""
