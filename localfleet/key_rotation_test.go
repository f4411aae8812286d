package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc/codes"
)

// authenticate logs in with a key and returns the error only.
func (f *testFleet) authenticate(keyID, key string) error {
	_, err := rpcpb.NewAuthServiceClient(f.cc).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	return err
}

func TestRotateKey(t *testing.T) {
	f := demoFleet(t)
	lab := f.locationID("Lab")
	created, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Name: "ci", Authorizations: []*apppb.Authorization{f.auth("owner", "location", lab)}})
	if err != nil {
		t.Fatal(err)
	}
	before := f.client(created.Id, created.Key) // logged in with the old secret

	rotated, err := f.app.RotateKey(ctx, &apppb.RotateKeyRequest{Id: created.Id})
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Id != created.Id || rotated.Key == created.Key || len(rotated.Key) < 32 {
		t.Fatalf("RotateKey = %v; want the same id and a new secret", rotated)
	}
	wantCode(t, f.authenticate(created.Id, created.Key), codes.Unauthenticated, "invalid credentials")
	after := f.client(rotated.Id, rotated.Key)
	if _, err := after.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: lab}); err != nil {
		t.Fatalf("the new secret does not keep the grants: %v", err)
	}
	// Tokens are not tied to a secret: one issued before stays valid until it expires.
	if _, err := before.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: lab}); err != nil {
		t.Fatalf("a token issued before the rotation: %v", err)
	}
	keys, err := f.app.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys.ApiKeys {
		if k.ApiKey.Id == created.Id && (k.ApiKey.Name != "ci" || len(k.Authorizations) != 1) {
			t.Fatalf("the rotated key changed: %v", k)
		}
	}

	errs := []struct {
		name, id string
		code     codes.Code
		msg      string
	}{{"no id", "", codes.InvalidArgument, "id"}, {"bad id", "key-1", codes.InvalidArgument, "id"}, {"unknown", unknownUUID, codes.NotFound, "API key"}}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.RotateKey(ctx, &apppb.RotateKeyRequest{Id: tt.id})
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestRenameKey(t *testing.T) {
	f := demoFleet(t)
	created, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Name: "ci", Authorizations: []*apppb.Authorization{f.auth("operator", "organization", f.orgID)}})
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := f.app.RenameKey(ctx, &apppb.RenameKeyRequest{Id: created.Id, Name: "nightly backups"})
	if err != nil || renamed.Id != created.Id || renamed.Name != "nightly backups" {
		t.Fatalf("RenameKey = %v, %v", renamed, err)
	}
	keys, err := f.app.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range keys.ApiKeys {
		found = found || k.ApiKey.Id == created.Id && k.ApiKey.Name == "nightly backups"
	}
	if !found {
		t.Fatal("ListKeys does not show the new name")
	}
	if err := f.authenticate(created.Id, created.Key); err != nil {
		t.Fatalf("renaming changed the secret: %v", err)
	}
	errs := []struct {
		name, id, newName string
		code              codes.Code
		msg               string
	}{
		{"no name", created.Id, "", codes.InvalidArgument, "name"},
		{"spaces", created.Id, " x ", codes.InvalidArgument, "name"},
		{"bad id", "k", "x", codes.InvalidArgument, "id"},
		{"unknown", unknownUUID, "x", codes.NotFound, "API key"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.RenameKey(ctx, &apppb.RenameKeyRequest{Id: tt.id, Name: tt.newName})
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestKeyRotationRoles(t *testing.T) {
	f := demoFleet(t)
	lab, field := f.locationID("Lab"), f.locationID("Field Site")
	labOwner, labOwnerID := f.keyWith(f.auth("owner", "location", lab))
	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	labKey, err := labOwner.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", lab)}})
	if err != nil {
		t.Fatal(err)
	}
	fieldKey, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", field)}})
	if err != nil {
		t.Fatal(err)
	}
	// The organization owner manages every key; a location owner the keys of its location.
	if _, err := f.app.RotateKey(ctx, &apppb.RotateKeyRequest{Id: labOwnerID}); err != nil {
		t.Fatalf("organization owner: %v", err)
	}
	if _, err := labOwner.RotateKey(ctx, &apppb.RotateKeyRequest{Id: labKey.Id}); err != nil {
		t.Fatalf("location owner, key of its location: %v", err)
	}
	if _, err := labOwner.RenameKey(ctx, &apppb.RenameKeyRequest{Id: labKey.Id, Name: "lab"}); err != nil {
		t.Fatalf("location owner renames a key of its location: %v", err)
	}
	_, err = labOwner.RotateKey(ctx, &apppb.RotateKeyRequest{Id: fieldKey.Id})
	wantCode(t, err, codes.PermissionDenied, "write_location")
	// An operator owns nothing, so it manages no key.
	_, err = operator.RotateKey(ctx, &apppb.RotateKeyRequest{Id: labKey.Id})
	wantCode(t, err, codes.PermissionDenied, "write_location")
	_, err = operator.RenameKey(ctx, &apppb.RenameKeyRequest{Id: fieldKey.Id, Name: "mine"})
	wantCode(t, err, codes.PermissionDenied, "write_location")
}
