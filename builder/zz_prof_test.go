package builder

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"testing"
	"testing/fstest"
	"time"
)

func TestZZProfRebuild(t *testing.T) {
	n := 10000
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	fsys := corpusFS(n)
	bl := New(fsys, Options{Drafts: true, Future: true, Serve: true})
	ctx := context.Background()
	if _, err := bl.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	p := corpusPath(n / 2)
	orig := fsys[p].Data
	f, _ := os.Create("/tmp/rebuild.prof")
	pprof.StartCPUProfile(f)
	var took []time.Duration
	for i := 0; i < iters(); i++ {
		if os.Getenv("ZZNEW") != "" {
			np := corpusPath(n + 1 + i)
			fsys[np] = &fstest.MapFile{Data: corpusPost(n + 1 + i)}
			start := time.Now()
			if _, err := bl.Build(ctx, []string{np}); err != nil {
				t.Fatal(err)
			}
			took = append(took, time.Since(start))
			continue
		}
		if os.Getenv("ZZTITLE") != "" {
			fsys[p].Data = bytes.Replace(orig, []byte("title: \""), []byte(fmt.Sprintf("title: \"Edit %d ", i)), 1)
		} else {
			fsys[p].Data = append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit %d.\n", i)...)
		}
		start := time.Now()
		if _, err := bl.Build(ctx, []string{p}); err != nil {
			t.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	pprof.StopCPUProfile()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	t.Logf("median %v p90 %v", took[len(took)/2], took[len(took)*9/10])
}

func TestZZDeps(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	n := 10000
	fsys := corpusFS(n)
	bl := New(fsys, Options{Drafts: true, Future: true, Serve: true})
	if _, err := bl.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, j := range bl.dependents[corpusPath(n/2)] {
		t.Log(j.path)
	}
}

func iters() int {
	if os.Getenv("ZZTITLE") != "" || os.Getenv("ZZNEW") != "" {
		return 20
	}
	return 100
}
