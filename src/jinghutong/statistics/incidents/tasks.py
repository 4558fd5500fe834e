"""Work done later for statistics: mirroring cases into incidents and keeping the rollups."""
