package conn

import (
	"context"
	"errors"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"

	"github.com/fleetscript/fleetscript/localfleet"
)

func TestLocalFleetInProcess(t *testing.T) {
	c, err := Open(context.Background(), Config{Local: true, OrgID: "o", LocationID: "l"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resp, err := apppb.NewAppServiceClient(c.CC).ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{})
	if err != nil {
		t.Fatalf("ListOrganizations: %v", err)
	}
	if len(resp.GetOrganizations()) == 0 {
		t.Error("the demo fixture has no organization")
	}
	if c.OrgID != "o" || c.LocationID != "l" || c.Source != "--local" {
		t.Errorf("conn = %+v; want the flags' defaults and source --local", c)
	}
}

func TestLocalRefusesRemoteFlags(t *testing.T) {
	for _, cfg := range []Config{
		{Local: true, AppURL: "app.viam.com"},
		{Local: true, APIKeyID: testKeyID, APIKey: testKey},
	} {
		if _, err := Open(context.Background(), cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("Open(%+v) = %v, want ErrConfig", cfg, err)
		}
	}
}

// TestLocalTokenTTL: the local fleet's tokens expire after TokenTTL; calls
// keep working across the expiry, whether the client sees it coming (its
// clock agrees with the server's: renewal before the call) or not (its
// clock is behind: the server refuses, the client logs in and retries).
func TestLocalTokenTTL(t *testing.T) {
	tests := []struct {
		name  string
		clock func() time.Time
	}{
		{"clocks agree", time.Now},
		{"client clock behind", func() time.Time { return time.Now().Add(-time.Hour) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now = tt.clock
			defer func() { now = time.Now }()
			ctx := context.Background()
			srv, err := localfleet.Open(ctx, localfleet.Options{Fixture: localfleet.DemoFixture(), TokenTTL: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			c, err := connectLocal(ctx, srv)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			app := apppb.NewAppServiceClient(c.CC)
			for i := range 2 {
				if i > 0 {
					time.Sleep(2100 * time.Millisecond) // let the token lapse (exp has whole seconds)
				}
				if _, err := app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{}); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}
		})
	}
}

func TestDefaultLocalFleetOpensOnFirstCall(t *testing.T) {
	c, err := Open(context.Background(), Config{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	lazy, ok := c.CC.(*lazyConn)
	if !ok {
		t.Fatalf("CC is %T, want a lazily opened fleet", c.CC)
	}
	if lazy.conn != nil {
		t.Fatal("the fleet was opened before any call")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := apppb.NewAppServiceClient(c.CC).ListOrganizations(ctx, &apppb.ListOrganizationsRequest{}); err == nil {
		t.Fatal("a call with a cancelled context succeeded")
	}
	// The first call's cancellation did not spoil the opening.
	if _, err := apppb.NewAppServiceClient(c.CC).ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{}); err != nil {
		t.Fatalf("second call: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := apppb.NewAppServiceClient(c.CC).ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{}); err == nil {
		t.Error("a call after Close succeeded")
	}
}

func TestUnusedLocalFleetClosesWithoutOpening(t *testing.T) {
	c, err := Open(context.Background(), Config{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if lazy := c.CC.(*lazyConn); lazy.conn != nil {
		t.Error("Close opened the fleet")
	}
}
