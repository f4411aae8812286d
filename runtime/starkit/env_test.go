package starkit

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

func TestNewThreadWiresTheEnv(t *testing.T) {
	var out bytes.Buffer
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	env := &Env{Ctx: context.Background(), Stdout: &out, Now: func() time.Time { return fixed }}
	thread, stop := env.NewThread("t")
	defer stop()
	if EnvOf(thread) != env {
		t.Error("EnvOf does not return the thread's env")
	}
	predeclared := starlark.StringDict{"time": starlarktime.Module}
	if _, err := starlark.ExecFile(thread, "t.star", `print("hello", time.now())`, predeclared); err != nil {
		t.Fatal(err)
	}
	if want := "hello 2030-01-02 03:04:05 +0000 UTC\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}

func TestNewThreadLimits(t *testing.T) {
	tests := []struct {
		name string
		env  func() *Env
		want string
	}{
		{"step limit", func() *Env { return &Env{Ctx: context.Background(), MaxSteps: 100} }, "Starlark computation cancelled: step limit of 100 exceeded"},
		{"context already cancelled", func() *Env {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return &Env{Ctx: ctx}
		}, "Starlark computation cancelled: cancelled"},
		{"deadline already passed", func() *Env {
			ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
			t.Cleanup(cancel)
			return &Env{Ctx: ctx}
		}, "Starlark computation cancelled: timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			thread, stop := tt.env().NewThread("t")
			defer stop()
			_, err := starlark.ExecFile(thread, "t.star", "def f():\n    for i in range(1000000):\n        pass\nf()\n", nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCallContextAppliesTheCallTimeout(t *testing.T) {
	env := &Env{Ctx: context.Background(), CallTimeout: time.Hour}
	ctx, cancel := env.CallContext()
	defer cancel()
	if _, ok := ctx.Deadline(); !ok {
		t.Error("no deadline with CallTimeout set")
	}
	ctx2, cancel2 := (&Env{}).CallContext()
	defer cancel2()
	if _, ok := ctx2.Deadline(); ok {
		t.Error("deadline without CallTimeout")
	}
}
