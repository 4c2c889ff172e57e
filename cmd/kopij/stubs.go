package main

import (
	"context"
	"fmt"
)

func runServe(ctx context.Context, e *env, args []string) error { return fmt.Errorf("not yet") }
