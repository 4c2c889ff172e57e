package postgres_test

import (
	"context"
	"testing"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) newsletter.Store {
		s, err := postgres.Open(context.Background(), storetest.PostgresDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestMigrateTwice opens the same schema twice, as two servers starting
// together would: the second open finds the migrations applied.
func TestMigrateTwice(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	a, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer b.Close()
	ka, _ := a.Secret(ctx)
	kb, _ := b.Secret(ctx)
	if string(ka) != string(kb) {
		t.Error("two servers on one database got different secrets")
	}
}
