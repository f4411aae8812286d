package localfleet

import (
	"fmt"
	"sync"
	"testing"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestConcurrentClients runs 32 clients, each on its own connection, doing
// a bounded number of mixed reads and writes on shared machines, then
// checks that only expected errors happened and that the invariants hold.
func TestConcurrentClients(t *testing.T) {
	f := openTestFleet(t, Options{Fixture: mustFixture(t, "empty")})
	keyID, key, _ := f.srv.LocalCredentials(ctx)
	location := f.locationID("Main Location")
	const clients, rounds, shared = 32, 12, 4
	var sharedIDs []string
	for i := range shared {
		sharedIDs = append(sharedIDs, f.newRobot(location, fmt.Sprintf("shared-%d", i)))
	}

	var (
		mu               sync.Mutex
		created, deleted int
		partsAdded       = map[string]int{} // machine -> parts added by clients
		partsDeleted     = map[string]int{}
		unexpected       []error
		wg               sync.WaitGroup
		lastPart         sync.Map // client -> its latest part, which a neighbour tries to make main
	)
	fail := func(op string, err error) {
		mu.Lock()
		defer mu.Unlock()
		unexpected = append(unexpected, fmt.Errorf("%s: %w", op, err))
	}
	for c := range clients {
		app := f.client(keyID, key)
		wg.Add(1)
		go func() {
			defer wg.Done()
			target := sharedIDs[c%shared]
			for r := range rounds {
				// Own machine: create, read, sometimes delete.
				own, err := app.NewRobot(ctx, &apppb.NewRobotRequest{Name: fmt.Sprintf("c%d-r%d", c, r), Location: location})
				if err != nil {
					fail("NewRobot", err)
					continue
				}
				mu.Lock()
				created++
				mu.Unlock()
				if _, err := app.GetRobot(ctx, &apppb.GetRobotRequest{Id: own.Id}); err != nil {
					fail("GetRobot", err)
				}
				if r%3 == 0 {
					if _, err := app.DeleteRobot(ctx, &apppb.DeleteRobotRequest{Id: own.Id}); err != nil {
						fail("DeleteRobot", err)
					} else {
						mu.Lock()
						deleted++
						mu.Unlock()
					}
				}
				// Shared machine: add a part, fight over the main part, delete the part.
				part, err := app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: target, PartName: fmt.Sprintf("c%d-r%d", c, r)})
				if err != nil {
					fail("NewRobotPart", err)
					continue
				}
				mu.Lock()
				partsAdded[target]++
				mu.Unlock()
				if _, err := app.MarkPartAsMain(ctx, &apppb.MarkPartAsMainRequest{PartId: part.PartId}); err != nil {
					fail("MarkPartAsMain", err)
				}
				lastPart.Store(c, part.PartId)
				// Race a neighbour (same machine) deleting its part: NotFound if it won.
				if other, ok := lastPart.Load((c + shared) % clients); ok {
					_, err := app.MarkPartAsMain(ctx, &apppb.MarkPartAsMainRequest{PartId: other.(string)})
					if err != nil && status.Code(err) != codes.NotFound {
						fail("MarkPartAsMain(neighbour)", err)
					}
				}
				_, err = app.DeleteRobotPart(ctx, &apppb.DeleteRobotPartRequest{PartId: part.PartId})
				switch status.Code(err) {
				case codes.OK:
					mu.Lock()
					partsDeleted[target]++
					mu.Unlock()
				case codes.FailedPrecondition: // it is still the main part: expected
				default:
					fail("DeleteRobotPart", err)
				}
				// The part may be deleted already: then NotFound is expected.
				if err := f.srv.AppendLogs(ctx, part.PartId, &commonpb.LogEntry{Level: "info", Message: "hi"}); err != nil && status.Code(err) != codes.NotFound {
					fail("AppendLogs", err)
				}
				if _, err := app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: location}); err != nil {
					fail("ListRobots", err)
				}
				if _, err := app.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: target}); err != nil {
					fail("GetRobotParts", err)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range unexpected {
		t.Error(err)
	}

	robots, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: location})
	if err != nil {
		t.Fatal(err)
	}
	if want := shared + created - deleted; len(robots.Robots) != want {
		t.Fatalf("%d machines, want %d (%d shared + %d created - %d deleted)", len(robots.Robots), want, shared, created, deleted)
	}
	for _, r := range robots.Robots {
		parts := f.parts(r.Id)
		mains := 0
		for _, p := range parts {
			if p.MainPart {
				mains++
			}
		}
		if mains != 1 {
			t.Errorf("machine %s has %d main parts", r.Name, mains)
		}
		if want := 1 + partsAdded[r.Id] - partsDeleted[r.Id]; len(parts) != want {
			t.Errorf("machine %s has %d parts, want %d", r.Name, len(parts), want)
		}
	}
}
