package localfleet

import (
	"bytes"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestKeys(t *testing.T) {
	f := demoFleet(t)
	lab := f.locationID("Lab")
	created, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Name: "lab-bot", Authorizations: []*apppb.Authorization{
		{AuthorizationType: "role", AuthorizationId: "location_owner", ResourceType: "location", ResourceId: lab, IdentityType: "api-key"},
	}})
	if err != nil || !isUUID(created.Id) || len(created.Key) < 32 {
		t.Fatalf("CreateKey = %v, %v", created, err)
	}
	// The secret is stored hashed only.
	var hash []byte
	if err := f.srv.svc.db.QueryRow(`SELECT secret_hash FROM api_keys WHERE id = ?`, created.Id).Scan(&hash); err != nil ||
		bytes.Contains(hash, []byte(created.Key)) || !bytes.Equal(hash, hashSecret(created.Key)) {
		t.Fatalf("stored secret: %x, %v", hash, err)
	}
	// A key created without an organization id lands in the location's organization.
	list, err := f.app.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	var found *apppb.APIKeyWithAuthorizations
	for _, k := range list.ApiKeys {
		if k.ApiKey.Key != "" {
			t.Fatalf("ListKeys shows a secret for %s", k.ApiKey.Id)
		}
		if k.ApiKey.Id == created.Id {
			found = k
		}
	}
	if found == nil || found.ApiKey.Name != "lab-bot" || len(found.Authorizations) != 1 || found.Authorizations[0].OrgId != f.orgID {
		t.Fatalf("ListKeys entry = %v", found)
	}
	// The fixture has the owner key and two more.
	if len(list.ApiKeys) != 4 {
		t.Fatalf("ListKeys has %d keys, want 4", len(list.ApiKeys))
	}

	clone, err := f.app.CreateKeyFromExistingKeyAuthorizations(ctx, &apppb.CreateKeyFromExistingKeyAuthorizationsRequest{Id: created.Id})
	if err != nil || clone.Id == created.Id {
		t.Fatalf("CreateKeyFromExistingKeyAuthorizations = %v, %v", clone, err)
	}
	cc := f.client(clone.Id, clone.Key)
	if _, err := cc.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: lab}); err != nil {
		t.Fatalf("the clone cannot use its grants: %v", err)
	}

	if _, err := f.app.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: created.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: created.Id})
	wantCode(t, err, codes.NotFound, "API key")

	errs := []struct {
		name string
		req  *apppb.CreateKeyRequest
		code codes.Code
		msg  string
	}{
		{"no authorizations", &apppb.CreateKeyRequest{}, codes.InvalidArgument, "at least one"},
		{"identity set", &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{{AuthorizationType: "role", AuthorizationId: "location_owner", ResourceType: "location", ResourceId: lab, IdentityId: unknownUUID}}}, codes.InvalidArgument, "identity_id"},
		{"unknown location", &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{{AuthorizationType: "role", AuthorizationId: "location_owner", ResourceType: "location", ResourceId: unknownLocation}}}, codes.NotFound, "location"},
		{"bad name", &apppb.CreateKeyRequest{Name: "\tkey", Authorizations: []*apppb.Authorization{f.auth("owner", "location", lab)}}, codes.InvalidArgument, "name"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.CreateKey(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	_, err = f.app.CreateKeyFromExistingKeyAuthorizations(ctx, &apppb.CreateKeyFromExistingKeyAuthorizationsRequest{Id: unknownUUID})
	wantCode(t, err, codes.NotFound, "API key")
	_, err = f.app.ListKeys(ctx, &apppb.ListKeysRequest{})
	wantCode(t, err, codes.InvalidArgument, "org_id")
}

func TestLocationOwnerManagesItsKeys(t *testing.T) {
	f := demoFleet(t)
	lab, field := f.locationID("Lab"), f.locationID("Field Site")
	labOwner, _ := f.keyWith(f.auth("owner", "location", lab))
	made, err := labOwner.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", lab)}})
	if err != nil {
		t.Fatalf("a location owner creates a key for its location: %v", err)
	}
	_, err = labOwner.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", field)}})
	wantCode(t, err, codes.PermissionDenied, "write_location")
	if _, err := labOwner.CreateKeyFromExistingKeyAuthorizations(ctx, &apppb.CreateKeyFromExistingKeyAuthorizationsRequest{Id: made.Id}); err != nil {
		t.Fatalf("copy a key of its location: %v", err)
	}
	if _, err := labOwner.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: made.Id}); err != nil {
		t.Fatalf("delete a key of its location: %v", err)
	}
	other, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", field)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = labOwner.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: other.Id})
	wantCode(t, err, codes.PermissionDenied, "write_location")
}
