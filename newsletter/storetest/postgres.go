package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PostgresDSN returns a DSN for a fresh, empty schema on the PostgreSQL
// server named by KOPIJ_TEST_POSTGRES and drops the schema when the test
// ends. Without the variable it skips the test, or fails it when CI=true:
// CI must run the PostgreSQL tests.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("KOPIJ_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KOPIJ_TEST_POSTGRES is not set; CI must run the PostgreSQL tests (.ci/run starts the server)")
		}
		t.Skip("set KOPIJ_TEST_POSTGRES=postgres://user:pass@127.0.0.1:5432/db to run the PostgreSQL tests")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "kopij_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to KOPIJ_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), dsn); err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("KOPIJ_TEST_POSTGRES is not a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx passes unknown keys on as run-time parameters
	u.RawQuery = q.Encode()
	return u.String()
}
