-- A result opened from one search counts once, however often its (signed) link is
-- followed again. Earlier repeats are dropped, keeping the first.
DELETE FROM search_clicks WHERE id NOT IN (
    SELECT MIN(id) FROM search_clicks GROUP BY query_id, path
);
DROP INDEX search_clicks_query;
CREATE UNIQUE INDEX search_clicks_once ON search_clicks (query_id, path);
