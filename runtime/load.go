package runtime

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/sandbox"
	"github.com/fleetscript/fleetscript/runtime/starkit"
	"github.com/fleetscript/fleetscript/stdlib"
)

// stdlibPrefix marks a load() of a library embedded in the binary.
const stdlibPrefix = "@stdlib/"

// loader resolves load() statements for one host.
//
// A module name is either "@stdlib/NAME.star" (embedded) or a path
// relative to the read root — never to the loading file's directory, so
// that a module has one name wherever it is loaded from, the name the
// script itself is run by. Each module runs once per host, on a thread of
// the run that first loads it, and its globals are frozen; a module that
// fails is not cached, so a REPL user can fix it and load it again.
type loader struct {
	read        *sandbox.Root
	predeclared starlark.StringDict

	mu    sync.Mutex
	cache map[string]starlark.StringDict
}

func newLoader(read *sandbox.Root, predeclared starlark.StringDict) *loader {
	return &loader{read: read, predeclared: predeclared, cache: map[string]starlark.StringDict{}}
}

// load is the thread.Load of every thread a host makes.
func (l *loader) load(thread *starlark.Thread, module string) (starlark.StringDict, error) {
	module = moduleName(module)
	chain := loadChain(thread)
	if i := slices.Index(chain, module); i >= 0 {
		cycle := append(slices.Clone(chain[i:]), module)
		return nil, fmt.Errorf("load cycle: %s", strings.Join(cycle, " -> "))
	}
	l.mu.Lock()
	globals, ok := l.cache[module]
	l.mu.Unlock()
	if ok {
		return globals, nil
	}

	src, err := l.source(module)
	if err != nil {
		return nil, err
	}
	t, stop := starkit.EnvOf(thread).NewThread("load " + module)
	defer stop()
	setLoadChain(t, append(slices.Clone(chain), module))
	globals, err = starlark.ExecFileOptions(fileOptions, t, module, src, l.predeclared)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.cache[module] = globals
	l.mu.Unlock()
	return globals, nil
}

// moduleName is the name a module is cached and traced under:
// "lib/./x.star" and "lib//x.star" are "lib/x.star". A path with ".." is
// left as written, for the sandbox to refuse in the script's own words.
func moduleName(module string) string {
	if strings.HasPrefix(module, stdlibPrefix) || slices.Contains(strings.Split(module, "/"), "..") {
		return module
	}
	return path.Clean(module)
}

func (l *loader) source(module string) ([]byte, error) {
	if name, ok := strings.CutPrefix(module, stdlibPrefix); ok {
		src, ok := stdlib.Library(name)
		if !ok {
			return nil, fmt.Errorf("no library %q in @stdlib (have %s)", name, strings.Join(stdlib.LibraryNames(), ", "))
		}
		return src, nil
	}
	if l.read == nil {
		return nil, fmt.Errorf("no read root to load %q from", module)
	}
	return l.read.ReadFile(module)
}

// loadChainKey is the thread-local under which a thread records the
// modules being loaded on the way to it, outermost first, for cycle
// detection.
const loadChainKey = "fleetscript.loadchain"

func setLoadChain(thread *starlark.Thread, chain []string) {
	thread.SetLocal(loadChainKey, chain)
}

func loadChain(thread *starlark.Thread) []string {
	chain, _ := thread.Local(loadChainKey).([]string)
	return chain
}
