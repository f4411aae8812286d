package localfleet

import (
	"slices"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func pushTokens(t *testing.T, c apppb.AppServiceClient, appID string) []string {
	t.Helper()
	resp, err := c.GetDevicePushTokens(ctx, &apppb.GetDevicePushTokensRequest{AppId: appID})
	if err != nil {
		t.Fatalf("GetDevicePushTokens: %v", err)
	}
	return resp.DeviceTokens
}

func TestDevicePushTokens(t *testing.T) {
	f := demoFleet(t)
	upload := func(c apppb.AppServiceClient, device, token string) {
		t.Helper()
		if _, err := c.UploadDevicePushToken(ctx, &apppb.UploadDevicePushTokenRequest{AppId: "app-1", DeviceUuid: device, DeviceToken: token}); err != nil {
			t.Fatalf("UploadDevicePushToken: %v", err)
		}
	}
	upload(f.app, "phone", "t1")
	upload(f.app, "tablet", "t2")
	upload(f.app, "phone", "t3") // a device's new token replaces its old one
	if got := pushTokens(t, f.app, "app-1"); !slices.Equal(got, []string{"t3", "t2"}) {
		t.Fatalf("tokens = %v, want [t3 t2]", got)
	}
	if got := pushTokens(t, f.app, "app-2"); len(got) != 0 {
		t.Fatalf("tokens of another app = %v", got)
	}
	// Tokens are the caller's own: an operator key has its own (empty) set.
	operator, _ := f.keyWith(f.auth("operator", "robot", f.robot("Warehouse", "dock-rover").Id))
	if got := pushTokens(t, operator, "app-1"); len(got) != 0 {
		t.Fatalf("another key sees tokens %v", got)
	}
	upload(operator, "phone", "op")
	_, err := operator.DeleteDevicePushToken(ctx, &apppb.DeleteDevicePushTokenRequest{AppId: "app-1", DeviceUuid: "tablet"})
	wantCode(t, err, codes.NotFound, "tablet")

	if _, err := f.app.DeleteDevicePushToken(ctx, &apppb.DeleteDevicePushTokenRequest{AppId: "app-1", DeviceUuid: "phone"}); err != nil {
		t.Fatal(err)
	}
	if got := pushTokens(t, f.app, "app-1"); !slices.Equal(got, []string{"t2"}) {
		t.Fatalf("tokens after delete = %v", got)
	}
	if got := pushTokens(t, operator, "app-1"); !slices.Equal(got, []string{"op"}) {
		t.Fatalf("the other key's tokens = %v", got)
	}

	for name, err := range map[string]error{
		"device_token": func() error {
			_, err := f.app.UploadDevicePushToken(ctx, &apppb.UploadDevicePushTokenRequest{AppId: "a", DeviceUuid: "d"})
			return err
		}(),
		"app_id": func() error {
			_, err := f.app.GetDevicePushTokens(ctx, &apppb.GetDevicePushTokensRequest{})
			return err
		}(),
		"device_uuid": func() error {
			_, err := f.app.DeleteDevicePushToken(ctx, &apppb.DeleteDevicePushTokenRequest{AppId: "a"})
			return err
		}(),
	} {
		wantCode(t, err, codes.InvalidArgument, name)
	}
}
