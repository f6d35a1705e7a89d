-- Routes past their term close by themselves (issue 17): the ticker marks an active route whose
-- last day has passed as ended and offers its good again, as it does for pacts. The state's
-- check cannot widen on SQLite without rebuilding the table, so the end is its own column: an
-- active route with ended_at is an ended one (assets.c reads it so).
ALTER TABLE asset_routes ADD COLUMN ended_at BIGINT;
