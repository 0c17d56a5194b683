/*
 * store_int.h: what the store_*.c files share, and nothing else may
 * include.  store.c opens, migrates and closes the database and holds
 * the schema; each tool's queries live in their own store_NAME.c and use
 * the helpers below.  These are the only files that include sqlite3.h.
 */
#ifndef CS_STORE_INT_H
#define CS_STORE_INT_H

#include <sqlite3.h>

#include "compat.h"
#include "store.h"

/* Statements prepared on first use and kept until store_close. */
#define STORE_MAX_STMT	64

struct store_stmt {
	const char	*sql;	/* the key: a string literal */
	sqlite3_stmt	*st;
};

struct store {
	sqlite3			*db;
	char			*path;
	int			 in_tx;
	struct store_stmt	 stmt[STORE_MAX_STMT];
	size_t			 nstmt;
};

/*
 * The statement for sql (a string literal: its address is the cache
 * key), prepared on first use, otherwise reset with its bindings
 * cleared.  Returns NULL with "PATH: preparing a statement: reason" in
 * err.
 */
sqlite3_stmt	*store_sql(struct store *, const char *sql, struct cs_error *);

/* Fill err with "PATH: what: SQLite's message"; returns -1. */
int	store_fail(struct store *, struct cs_error *, const char *what);
/* Run SQL without results; returns 0, or -1 with err. */
int	store_exec(struct store *, const char *sql, struct cs_error *);

/* Bind text (not copied: it must outlive the step), or NULL as NULL. */
void	store_bind_text(sqlite3_stmt *, int i, const char *v);
/* Column i as a new string (free it), or NULL when it is NULL. */
char	*store_col_str(sqlite3_stmt *, int i);

#endif
