-- Each snapshot's cases frame as saved at import (Parquet, written by polars in the same
-- transaction as the rows): read back in a fraction of the time the rows take. The rows in
-- `cases` stay the record that other tools query; a frame whose row count no longer matches
-- them is not used.
CREATE TABLE snapshot_frames (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
    format      TEXT NOT NULL,
    frame       BLOB NOT NULL
);
