package localfleet

import (
	"fmt"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The benchmarks come in pairs measured in the same run, since only their
// ratio means something on a shared machine:
//
//	GRPCPath/GetRobot       vs GRPCPath/HealthCheck    (target ≤ 2×)
//	ListRobots10k/ListRobots vs ListRobots10k/Marshal  (target ≤ 3×)
//	LogsPage/100k           vs LogsPage/1k             (target ≤ 1.5×)

func benchFleet(b *testing.B, fx *Fixture) *testFleet {
	b.Helper()
	srv, err := Open(ctx, Options{Fixture: fx})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	cc, err := srv.Dial(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cc.Close() })
	id, key, err := srv.LocalCredentials(ctx)
	if err != nil {
		b.Fatal(err)
	}
	f := &testFleet{srv: srv, cc: cc}
	f.app = apppb.NewAppServiceClient(cc)
	f.tokenCtx = bearerCtxB(b, cc, id, key)
	return f
}

func BenchmarkGRPCPath(b *testing.B) {
	f := benchFleet(b, DemoFixture())
	var robotID string
	if err := f.srv.svc.db.QueryRow(`SELECT id FROM robots ORDER BY rowid LIMIT 1`).Scan(&robotID); err != nil {
		b.Fatal(err)
	}
	health := healthpb.NewHealthClient(f.cc)
	b.Run("HealthCheck", func(b *testing.B) {
		for b.Loop() {
			if _, err := health.Check(f.tokenCtx, &healthpb.HealthCheckRequest{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetRobot", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.app.GetRobot(f.tokenCtx, &apppb.GetRobotRequest{Id: robotID}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkListRobots10k(b *testing.B) {
	f := benchFleet(b, mustBuiltin("empty"))
	var locationID string
	if err := f.srv.svc.db.QueryRow(`SELECT id FROM locations`).Scan(&locationID); err != nil {
		b.Fatal(err)
	}
	err := inTx(ctx, f.srv.svc.db, func(tx *txn) error {
		for i := range 10000 {
			if _, _, err := f.srv.svc.insertRobot(ctx, tx, locationID, fmt.Sprintf("machine-%05d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	resp, err := f.app.ListRobots(f.tokenCtx, &apppb.ListRobotsRequest{LocationId: locationID})
	if err != nil || len(resp.Robots) != 10000 {
		b.Fatalf("ListRobots: %d robots, %v", len(resp.GetRobots()), err)
	}
	b.Run("Marshal", func(b *testing.B) {
		for b.Loop() {
			if _, err := proto.Marshal(resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListRobots", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.app.ListRobots(f.tokenCtx, &apppb.ListRobotsRequest{LocationId: locationID}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLogsPage(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			f := benchFleet(b, mustBuiltin("empty"))
			var locationID string
			if err := f.srv.svc.db.QueryRow(`SELECT id FROM locations`).Scan(&locationID); err != nil {
				b.Fatal(err)
			}
			var partID string
			err := inTx(ctx, f.srv.svc.db, func(tx *txn) error {
				var err error
				_, partID, err = f.srv.svc.insertRobot(ctx, tx, locationID, "logger")
				if err != nil {
					return err
				}
				entries := make([]*commonpb.LogEntry, n)
				base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
				levels := []string{"debug", "info", "warn", "error"}
				for i := range entries {
					entries[i] = &commonpb.LogEntry{Level: levels[i%4], LoggerName: "rdk.bench", Message: fmt.Sprintf("log line %d with some text", i),
						Time: timestamppb.New(base.Add(time.Duration(i) * time.Millisecond))}
				}
				_, err = f.srv.svc.insertLogs(ctx, tx, partID, entries)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				resp, err := f.app.GetRobotPartLogs(f.tokenCtx, &apppb.GetRobotPartLogsRequest{Id: partID})
				if err != nil || len(resp.Logs) != 100 {
					b.Fatalf("page of %d, %v", len(resp.GetLogs()), err)
				}
			}
		})
	}
}

// BenchmarkOpenDemo is what `fleetscript run --local` pays before a script
// runs: an in-memory fleet seeded with the demo fixture, and its
// credentials.
func BenchmarkOpenDemo(b *testing.B) {
	for b.Loop() {
		srv, err := Open(ctx, Options{Fixture: DemoFixture()})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := srv.LocalCredentials(ctx); err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
}
