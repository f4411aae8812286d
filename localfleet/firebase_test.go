package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestFirebaseConfig(t *testing.T) {
	f := demoFleet(t)
	get := func(c apppb.AppServiceClient) (string, error) {
		resp, err := c.GetFirebaseConfig(ctx, &apppb.GetFirebaseConfigRequest{OrgId: f.orgID})
		return resp.GetAppId(), err
	}
	set := func(c apppb.AppServiceClient, appID, config string) error {
		_, err := c.SetFirebaseConfig(ctx, &apppb.SetFirebaseConfigRequest{OrgId: f.orgID, AppId: appID, ConfigJson: config})
		return err
	}
	_, err := get(f.app)
	wantCode(t, err, codes.NotFound, "Firebase config")
	if err := set(f.app, "app-1", `{"type": "service_account"}`); err != nil {
		t.Fatal(err)
	}
	if err := set(f.app, "app-2", `{"type": "service_account"}`); err != nil {
		t.Fatal(err)
	}
	if id, err := get(f.app); err != nil || id != "app-2" {
		t.Fatalf("GetFirebaseConfig = %q, %v; want the last one set", id, err)
	}
	wantCode(t, set(f.app, "app-3", `[1, 2]`), codes.InvalidArgument, "config_json")
	wantCode(t, set(f.app, "", `{}`), codes.InvalidArgument, "app_id")

	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	if id, err := get(operator); err != nil || id != "app-2" {
		t.Fatalf("operator GetFirebaseConfig = %q, %v", id, err)
	}
	wantCode(t, set(operator, "app-9", `{}`), codes.PermissionDenied, `"write_organization"`)

	_, err = f.app.DeleteFirebaseConfig(ctx, &apppb.DeleteFirebaseConfigRequest{OrgId: f.orgID, AppId: "app-1"})
	wantCode(t, err, codes.NotFound, "app-1")
	if _, err := f.app.DeleteFirebaseConfig(ctx, &apppb.DeleteFirebaseConfigRequest{OrgId: f.orgID, AppId: "app-2"}); err != nil {
		t.Fatal(err)
	}
	_, err = get(f.app)
	wantCode(t, err, codes.NotFound, "Firebase config")
}
