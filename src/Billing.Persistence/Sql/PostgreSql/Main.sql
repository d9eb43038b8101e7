-- Shared catalogue of the ADO.NET providers: each provider reads its rows once when it starts and keeps the text.
-- Every script here is idempotent; StorageMigrator runs them in one transaction under an advisory lock at each start.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
