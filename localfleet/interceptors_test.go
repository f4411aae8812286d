package localfleet

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
)

func TestRecoveryTurnsPanicIntoInternal(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	info := &grpc.UnaryServerInfo{FullMethod: "/viam.app.v1.AppService/GetRobot"}
	_, err := recoverUnary(log)(ctx, nil, info, func(context.Context, any) (any, error) { panic("boom") })
	wantCode(t, err, codes.Internal, "GetRobot")
	if !strings.Contains(logged.String(), "boom") || !strings.Contains(logged.String(), "panicked") {
		t.Fatalf("panic not logged: %q", logged.String())
	}
	streamInfo := &grpc.StreamServerInfo{FullMethod: "/viam.app.v1.AppService/TailRobotPartLogs"}
	err = recoverStream(log)(nil, nil, streamInfo, func(any, grpc.ServerStream) error { panic("bang") })
	wantCode(t, err, codes.Internal, "TailRobotPartLogs")
}

func TestLatencyIsInjectedBeforeAppServiceCalls(t *testing.T) {
	// An hour of latency against a short deadline: the call can only fail
	// with DeadlineExceeded, while the unauthenticated health check is
	// untouched.
	f := openTestFleetNoLogin(t, Options{Latency: time.Hour})
	id, key, _ := f.srv.LocalCredentials(ctx)
	app := f.client(id, key) // Authenticate is not delayed
	c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := app.ListOrganizations(c, &apppb.ListOrganizationsRequest{})
	wantCode(t, err, codes.DeadlineExceeded, "")
}

func TestRenameMachineNeedsOnlyMachineOwnership(t *testing.T) {
	f := demoFleet(t)
	arm := f.robot("Lab", "arm-testbench")
	owner, _ := f.keyWith(f.auth("owner", "robot", arm.Id))
	resp, err := owner.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Name: "arm-bench", Location: arm.Location})
	if err != nil || resp.Robot.Name != "arm-bench" {
		t.Fatalf("rename by machine owner = %v, %v", resp, err)
	}
	_, err = owner.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Name: "arm-bench", Location: f.locationID("Field Site")})
	wantCode(t, err, codes.PermissionDenied, "write_location")
}
