package builtins_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	commonv1 "go.viam.com/api/common/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/builtins"
)

func TestGetRobotPartLogsPaging(t *testing.T) {
	tests := []struct {
		name      string
		args      string
		wantN     int
		wantPages int
		wantLevel string
	}{
		{"default 100 reads every page", ``, 8, 3, "error"},
		{"stops once enough arrived", `, num_log_entries=4`, 4, 2, "error"},
		{"exact page boundary", `, num_log_entries=3`, 3, 1, "error"},
		{"zero means all", `, num_log_entries=0`, 8, 3, "error"},
		{"errors_only=False asks for every level", `, errors_only=False`, 8, 3, ""},
		{"log_levels wins", `, errors_only=True, log_levels=["info", "warn"]`, 8, 3, "info,warn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeApp()
			h := fakeHarness(t, fake, builtins.Options{})
			v := h.eval("", `fleet.get_robot_part_logs("p1"`+tt.args+`)`)
			logs := v.(starlark.Indexable)
			if logs.Len() != tt.wantN {
				t.Errorf("%d entries, want %d", logs.Len(), tt.wantN)
			}
			if pages := len(h.conn.Calls()); pages != tt.wantPages {
				t.Errorf("%d pages fetched, want %d", pages, tt.wantPages)
			}
			req := fake.last().(*appv1.GetRobotPartLogsRequest)
			if got := strings.Join(req.GetLevels(), ","); got != tt.wantLevel {
				t.Errorf("levels %q, want %q", got, tt.wantLevel)
			}
			if req.GetId() != "p1" || req.Filter == nil {
				t.Errorf("request %v: want id p1 and filter sent", req)
			}
			first := h.eval(`logs = fleet.get_robot_part_logs("p1"`+tt.args+`)`, `(logs[0].message, logs[0].level)`)
			if first.String() != `("entry 0", "error")` {
				t.Errorf("first entry %s", first)
			}
		})
	}
}

func TestGetRobotPartLogsRequestFields(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{})
	h.mustExec(`fleet.get_robot_part_logs("p1", filter="boom", start=time.time(year=2026, month=1, day=2), order="ascending", range="10m")`)
	req := fake.last().(*appv1.GetRobotPartLogsRequest)
	if req.GetFilter() != "boom" || req.GetOrder() != appv1.LogOrder_LOG_ORDER_ASCENDING || req.GetRange() != "10m" ||
		!req.GetStart().AsTime().Equal(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) || req.End != nil {
		t.Errorf("request %v", req)
	}
}

func TestGetRobotPartLogsDest(t *testing.T) {
	fake := newFakeApp()
	fake.logs[1].Time = fake.logs[1].GetTime()
	fake.logs[1].Time.Nanos = 250_000_000
	h := fakeHarness(t, fake, builtins.Options{})
	h.mustExec(`fleet.get_robot_part_logs("p1", dest="part.log", num_log_entries=2)`)
	got, err := os.ReadFile(filepath.Join(h.writeDir, "part.log"))
	if err != nil {
		t.Fatal(err)
	}
	pad := func(s string) string { return s + strings.Repeat(" ", 64-len(s)) }
	want := "2026-01-02 03:04:05\tERROR\trdk\t" + pad("resource/manager.go:100") + "entry 0\n" +
		"2026-01-02 03:04:06.250000\tERROR\trdk\t" + pad("resource/manager.go:101") + "entry 1\n"
	if string(got) != want {
		t.Errorf("dest file:\n%q\nwant\n%q", got, want)
	}
	msg := h.execErr(`fleet.get_robot_part_logs("p1", dest="../outside.log")`)
	if !strings.HasPrefix(msg, "fleet.get_robot_part_logs: dest: ") {
		t.Errorf("escaping the write root: %s", msg)
	}
}

func TestGetRobotPartDest(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	g := h.mustExec(`part = fleet.get_robot_part("p1", dest="cfg/../config.json", indent=2)`)
	if part := g["part"].(starlark.HasAttrs); part == nil {
		t.Fatal("no part")
	}
	got, err := os.ReadFile(filepath.Join(h.writeDir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Python: json.dumps(json.loads(config_json), indent=2), non-ASCII escaped.
	want := `{
  "components": [
    {
      "name": "arm",
      "attributes": {
        "x": 1,
        "label": "gr\u00f6\u00dfe"
      }
    }
  ],
  "services": [],
  "modules": {}
}`
	if string(got) != want {
		t.Errorf("config file:\n%s\nwant\n%s", got, want)
	}
}

func TestTailRobotPartLogs(t *testing.T) {
	entry := func(msg string) *commonv1.LogEntry { return &commonv1.LogEntry{Level: "error", Message: msg} }
	batches := [][]*commonv1.LogEntry{{entry("a"), entry("b")}, {}, {entry("c")}, {entry("d")}}
	tests := []struct {
		name    string
		end     error
		args    string
		want    string
		wantErr string
	}{
		{"stream end ends iteration; empty batches skipped", errEOF, ``, `[["a", "b"], ["c"], ["d"]]`, ""},
		{"limit counts batches", nil, `, limit=2`, `[["a", "b"], ["c"]]`, ""},
		{"timeout ends a live stream quietly", nil, `, timeout=0.2`, `[["a", "b"], ["c"], ["d"]]`, ""},
		{"server error stops the script", status.Error(codes.Unavailable, "gone"), ``, "",
			"fleet.tail_robot_part_logs: UNAVAILABLE: gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeApp()
			fake.tailBatches, fake.tailEnd = batches, tt.end
			h := fakeHarness(t, fake, builtins.Options{})
			src := `
got = []
for batch in fleet.tail_robot_part_logs("p1", errors_only=False, filter="x"` + tt.args + `):
    got.append([e.message for e in batch])
`
			if tt.wantErr != "" {
				if msg := h.execErr(src); !strings.Contains(msg, tt.wantErr) {
					t.Errorf("error %q, want it to contain %q", msg, tt.wantErr)
				}
				return
			}
			g := h.mustExec(src)
			if got := g["got"].String(); got != tt.want {
				t.Errorf("batches %s, want %s", got, tt.want)
			}
			req := fake.last().(*appv1.TailRobotPartLogsRequest)
			if req.GetErrorsOnly() || req.GetFilter() != "x" || req.GetId() != "p1" {
				t.Errorf("request %v", req)
			}
			select { // the server sees the stream end: nothing left open
			case <-fake.tailDone:
			case <-time.After(10 * time.Second):
				t.Fatal("the stream was not closed")
			}
		})
	}
}

func TestTailNotIteratedOpensNoStream(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	h.mustExec(`s = fleet.tail_robot_part_logs("p1")`)
	if calls := h.conn.Calls(); len(calls) != 0 {
		t.Errorf("calls %v before iteration", calls)
	}
}

func TestUploadModuleFile(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 10_000) // 160,000 bytes: 3 chunks
	tests := []struct {
		name string
		arg  string
	}{
		{"file bytes", `file=data`},
		{"path under the read root", `path="module.tar.gz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeApp()
			h := fakeHarness(t, fake, builtins.Options{})
			if err := os.WriteFile(filepath.Join(h.readDir, "module.tar.gz"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			h.env.Interactive = true
			g := h.mustExec(`data = b"` + string(data) + `"
url = fleet.upload_module_file({"module_id": "ns:mod", "version": "1.0.0", "platform": "linux/amd64", "platform_tags": ["x"]}, ` + tt.arg + `)`)
			if g["url"] != starlark.String("https://example.test/ns:mod/1.0.0/linux/amd64") {
				t.Errorf("url %v", g["url"])
			}
			if got := fake.chunks; len(got) != 3 || got[0] != 64<<10 || got[1] != 64<<10 || got[2] != len(data)-128<<10 {
				t.Errorf("chunks %v, want 64 KiB, 64 KiB, rest", got)
			}
			info := fake.last().(*appv1.UploadModuleFileRequest).GetModuleFileInfo()
			if strings.Join(info.GetPlatformTags(), ",") != "x" {
				t.Errorf("module_file_info %v", info)
			}
			if !strings.Contains(h.errOut.String(), "156.2 KiB / 156.2 KiB") {
				t.Errorf("progress %q", h.errOut.String())
			}
		})
	}
}

// TestTailCancelled: cancelling the run ends a live tail and closes the
// stream on the server.
func TestTailCancelled(t *testing.T) {
	fake := newFakeApp()
	fake.tailBatches = [][]*commonv1.LogEntry{{{Level: "error", Message: "a"}}}
	h := fakeHarness(t, fake, builtins.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	h.env.Ctx = ctx
	result := make(chan error, 1)
	go func() {
		_, err := h.exec(`
for batch in fleet.tail_robot_part_logs("p1"):
    pass
`)
		result <- err
	}()
	select {
	case <-fake.started:
	case err := <-result:
		t.Fatalf("the script ended before the stream started: %v", err)
	}
	cancel()
	select {
	case err := <-result:
		if err == nil || !strings.Contains(err.Error(), "cancelled") {
			t.Errorf("error %v, want the run's cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the script did not stop")
	}
	select {
	case <-fake.tailDone:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream was left open")
	}
}
