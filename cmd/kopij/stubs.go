package main

import (
	"context"
	"fmt"
)

func runNew(ctx context.Context, e *env, args []string) error   { return fmt.Errorf("not yet") }
func runServe(ctx context.Context, e *env, args []string) error { return fmt.Errorf("not yet") }
func runHints(ctx context.Context, e *env, args []string) error { return fmt.Errorf("not yet") }
