package localfleet

import (
	"maps"
	"slices"
	"testing"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/grpc/codes"
)

// rowsKeptByDeleteOrganization are the tables whose rows outlive the
// organization that made them: users may belong to other organizations,
// and meta and schema_version belong to the database.
var rowsKeptByDeleteOrganization = []string{"meta", "schema_version", "users"}

// tableRows counts the rows of every table of the database.
func tableRows(t *testing.T, f *testFleet) map[string]int {
	t.Helper()
	db := f.srv.svc.db
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// TestDeleteOrganizationOfEverything fills a scratch organization with one
// of every stored thing, each made through the API, and deletes it: every
// table goes back to its row count, so no foreign key refused the delete
// and nothing was left behind. A table the scratch organization does not
// fill fails the test, so that a new table is added here too.
func TestDeleteOrganizationOfEverything(t *testing.T) {
	f := demoFleet(t)
	before := tableRows(t, f)
	org := f.ownedOrg("Scratch")
	scratch := *f // the test fleet's helpers, aimed at the scratch organization
	scratch.orgID = org.Id
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	app := f.app

	_, err := app.UpdateOrganizationNamespace(ctx, &apppb.UpdateOrganizationNamespaceRequest{OrganizationId: org.Id, NewPublicNamespace: "scratch"})
	must("UpdateOrganizationNamespace", err)
	_, err = app.UpdateOrganizationMetadata(ctx, &apppb.UpdateOrganizationMetadataRequest{OrganizationId: org.Id, Data: mustStruct(t, map[string]any{"k": 1})})
	must("UpdateOrganizationMetadata", err)

	// Locations, shared both ways, with secrets.
	site := f.newLocation(org.Id, "Site")
	bay, err := app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: org.Id, Name: "Bay", ParentLocationId: ptr(site)})
	must("CreateLocation (child)", err)
	_, err = app.CreateLocationSecret(ctx, &apppb.CreateLocationSecretRequest{LocationId: bay.Location.Id})
	must("CreateLocationSecret", err)
	_, err = app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: site, OrganizationId: f.orgID})
	must("ShareLocation (out)", err)
	_, err = app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: f.locationID("Field Site"), OrganizationId: org.Id})
	must("ShareLocation (in)", err)

	// A machine with a second part, a part secret, history and logs.
	robotID := f.newRobot(bay.Location.Id, "m1")
	part, err := app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: robotID, PartName: "arm"})
	must("NewRobotPart", err)
	_, err = app.CreateRobotPartSecret(ctx, &apppb.CreateRobotPartSecretRequest{PartId: part.PartId})
	must("CreateRobotPartSecret", err)
	_, err = app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.PartId, Name: "arm2"})
	must("UpdateRobotPart", err)
	must("AppendLogs", f.srv.AppendLogs(ctx, part.PartId, &commonpb.LogEntry{Level: "info", Message: "hi"}))

	// A fragment with a second revision, history and a tag.
	fr := scratch.newFragment("frag", map[string]any{"a": 1})
	fr = scratch.saveFragment(fr, map[string]any{"a": 2})
	_, err = app.SetFragmentTag(ctx, &apppb.SetFragmentTagRequest{FragmentId: fr.Id, Tag: "stable", Revision: "1"})
	must("SetFragmentTag", err)

	// Registry items: a module with an uploaded, deprecated version, and an
	// ML model.
	module, err := app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: org.Id, Name: "nav"})
	must("CreateModule", err)
	_, err = upload(f, fileInfo(module.ModuleId, "1.0.0", "linux/amd64"), []byte("x"), 1024)
	must("UploadModuleFile", err)
	_, err = app.DeprecateRegistryItemVersion(ctx, &apppb.DeprecateRegistryItemVersionRequest{ItemId: module.ModuleId, Version: "1.0.0", Message: "old"})
	must("DeprecateRegistryItemVersion", err)
	scratch.createItem("detector", pkgMLModel)

	// People and credentials: an invite, a key of the organization (with a
	// push token of its own) and a role.
	_, err = app.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: org.Id, Email: "new@example.com"})
	must("CreateOrganizationInvite", err)
	key, err := app.CreateKey(ctx, &apppb.CreateKeyRequest{Name: "scratch-key", Authorizations: []*apppb.Authorization{scratch.auth("owner", "organization", org.Id)}})
	must("CreateKey", err)
	_, err = f.client(key.Id, key.Key).UploadDevicePushToken(ctx, &apppb.UploadDevicePushTokenRequest{AppId: "app", DeviceUuid: "phone", DeviceToken: "t"})
	must("UploadDevicePushToken", err)

	// Settings: billing, branding, Firebase, and the auth service with an
	// OAuth app and one of its users.
	_, err = app.EnableBillingService(ctx, &apppb.EnableBillingServiceRequest{OrgId: org.Id, BillingAddress: address("New York")})
	must("EnableBillingService", err)
	_, err = app.OrganizationSetLogo(ctx, &apppb.OrganizationSetLogoRequest{OrgId: org.Id, Logo: pngLogo})
	must("OrganizationSetLogo", err)
	_, err = app.SetFirebaseConfig(ctx, &apppb.SetFirebaseConfigRequest{OrgId: org.Id, AppId: "app", ConfigJson: `{}`})
	must("SetFirebaseConfig", err)
	oauth := scratch.oauthApp("Portal")
	_, err = app.CreateOAuthAppUser(ctx, &apppb.CreateOAuthAppUserRequest{OrgId: org.Id, ApplicationId: oauth.ClientId,
		Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Password: "correct horse"})
	must("CreateOAuthAppUser", err)

	filled := tableRows(t, f)
	var unfilled []string
	for table, n := range filled {
		if n == before[table] && !slices.Contains(rowsKeptByDeleteOrganization, table) {
			unfilled = append(unfilled, table)
		}
	}
	slices.Sort(unfilled)
	// Members join through the web app (an accepted invite); no AppService
	// call adds one, so only the fixture fills members.
	if !slices.Equal(unfilled, []string{"members"}) {
		t.Fatalf("tables the scratch organization left empty: %v; make one of each above", unfilled)
	}

	if _, err := app.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: org.Id}); err != nil {
		t.Fatalf("DeleteOrganization: %v", err)
	}
	after := tableRows(t, f)
	for _, table := range rowsKeptByDeleteOrganization {
		delete(before, table)
		delete(after, table)
	}
	if !maps.Equal(before, after) {
		t.Fatalf("row counts before the scratch organization %v, after deleting it %v", before, after)
	}
}

// TestDeleteOrganization deletes an organization with everything in it;
// the rest of the fleet is untouched.
func TestDeleteOrganization(t *testing.T) {
	f := demoFleet(t)
	org := f.ownedOrg("Doomed")
	child, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: org.Id, Name: "Bay", ParentLocationId: ptr(f.newLocation(org.Id, "Site"))})
	if err != nil {
		t.Fatal(err)
	}
	robotID := f.newRobot(child.Location.Id, "m1")
	if _, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: org.Id, Name: "frag"}); err != nil {
		t.Fatal(err)
	}
	key, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Name: "doomed-key", Authorizations: []*apppb.Authorization{{
		AuthorizationType: "role", AuthorizationId: "organization_owner", ResourceType: "organization", ResourceId: org.Id, OrganizationId: org.Id,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	doomedKey := f.client(key.Id, key.Key)

	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	_, err = operator.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: f.orgID})
	wantCode(t, err, codes.PermissionDenied, "write_organization")
	_, err = f.app.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: "x"})
	wantCode(t, err, codes.InvalidArgument, "organization_id")
	_, err = f.app.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: unknownUUID})
	wantCode(t, err, codes.NotFound, unknownUUID)

	if _, err := f.app.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: org.Id}); err != nil {
		t.Fatalf("DeleteOrganization: %v", err)
	}
	_, err = f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: org.Id})
	wantCode(t, err, codes.NotFound, "organization")
	_, err = f.app.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: child.Location.Id})
	wantCode(t, err, codes.NotFound, "location")
	_, err = f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: robotID})
	wantCode(t, err, codes.NotFound, "machine")
	_, err = doomedKey.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	wantCode(t, err, codes.Unauthenticated, "no longer exists")
	orgs, err := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	if err != nil || len(orgs.Organizations) != 1 || orgs.Organizations[0].Id != f.orgID {
		t.Fatalf("ListOrganizations after delete = %v, %v", orgs, err)
	}
	if len(f.parts(f.robot("Aisle 1", "forklift-01").Id)) == 0 {
		t.Fatal("the demo organization lost its parts")
	}
}

// TestDeleteOwnOrganization: a key may delete the organization it belongs
// to; the key goes with it.
func TestDeleteOwnOrganization(t *testing.T) {
	f := demoFleet(t)
	// Settings of every kind go with it too.
	f.oauthApp("Portal")
	if _, err := f.app.OrganizationSetSupportEmail(ctx, &apppb.OrganizationSetSupportEmailRequest{OrgId: f.orgID, Email: "help@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.UpdateOrganizationMetadata(ctx, &apppb.UpdateOrganizationMetadataRequest{OrganizationId: f.orgID, Data: mustStruct(t, map[string]any{"k": 1})}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.DeleteOrganization(ctx, &apppb.DeleteOrganizationRequest{OrganizationId: f.orgID}); err != nil {
		t.Fatalf("DeleteOrganization: %v", err)
	}
	_, err := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	wantCode(t, err, codes.Unauthenticated, "no longer exists")
	for table, n := range tableRows(t, f) { // it was the fleet's only organization
		if n != 0 && !slices.Contains(rowsKeptByDeleteOrganization, table) {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
}
