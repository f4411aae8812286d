package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// newFragment creates a fragment in the test org and returns it.
func (f *testFleet) newFragment(name string, config map[string]any) *apppb.Fragment {
	f.t.Helper()
	resp, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID, Name: name, Config: mustStruct(f.t, config)})
	if err != nil {
		f.t.Fatalf("CreateFragment(%q): %v", name, err)
	}
	return resp.Fragment
}

// saveFragment updates a fragment's config.
func (f *testFleet) saveFragment(fr *apppb.Fragment, config map[string]any) *apppb.Fragment {
	f.t.Helper()
	resp, err := f.app.UpdateFragment(ctx, &apppb.UpdateFragmentRequest{Id: fr.Id, Name: fr.Name, Config: mustStruct(f.t, config)})
	if err != nil {
		f.t.Fatalf("UpdateFragment(%q): %v", fr.Name, err)
	}
	return resp.Fragment
}

func TestFragmentRevisions(t *testing.T) {
	f := demoFleet(t)
	v1 := map[string]any{"components": []any{}}
	v2 := map[string]any{"components": []any{map[string]any{"name": "cam"}}}
	fr := f.newFragment("kit", v1)
	f.saveFragment(fr, v2)
	cur := f.saveFragment(fr, map[string]any{})
	if cur.Revision != "3" {
		t.Fatalf("revision after two saves = %q", cur.Revision)
	}
	for _, tt := range []struct {
		version string
		want    map[string]any
		rev     string
	}{{"1", v1, "1"}, {"2", v2, "2"}, {"latest", map[string]any{}, "3"}, {"", map[string]any{}, "3"}} {
		got, err := f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id, Version: ptr(tt.version)})
		if err != nil || got.Fragment.Revision != tt.rev || !proto.Equal(got.Fragment.Fragment, mustStruct(t, tt.want)) {
			t.Fatalf("GetFragment(version=%q) = %v, %v", tt.version, got.GetFragment(), err)
		}
		if len(got.Revisions) != 3 || got.Revisions[0].Revision != "1" {
			t.Fatalf("revisions = %v", got.Revisions)
		}
	}
}

func TestFragmentHistory(t *testing.T) {
	f := demoFleet(t)
	fr := f.newFragment("kit", map[string]any{"a": 1})
	for i := 2; i <= 4; i++ {
		f.saveFragment(fr, map[string]any{"a": i})
	}
	all, err := f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id})
	if err != nil || len(all.History) != 3 || all.NextPageToken != "" {
		t.Fatalf("GetFragmentHistory = %v, %v", all, err)
	}
	newest := all.History[0]
	if newest.Revision != "4" || newest.Old.Revision != "3" || newest.Fragment != fr.Id ||
		!proto.Equal(newest.Config, mustStruct(t, map[string]any{"a": 4})) || !proto.Equal(newest.Old.Fragment, mustStruct(t, map[string]any{"a": 3})) ||
		newest.EditedBy.GetType() != apppb.AuthenticationType_AUTHENTICATION_TYPE_API_KEY || newest.EditedBy.GetValue() == "" {
		t.Fatalf("newest entry = %v", newest)
	}
	// Pages of two: the first has a token, the second the rest.
	page, err := f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id, PageLimit: ptr(int64(2))})
	if err != nil || len(page.History) != 2 || page.NextPageToken == "" {
		t.Fatalf("first page = %v, %v", page, err)
	}
	page, err = f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id, PageLimit: ptr(int64(2)), PageToken: ptr(page.NextPageToken)})
	if err != nil || len(page.History) != 1 || page.NextPageToken != "" || page.History[0].Revision != "2" {
		t.Fatalf("second page = %v, %v", page, err)
	}

	_, err = f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id, PageLimit: ptr(int64(-1))})
	wantCode(t, err, codes.InvalidArgument, "page_limit")
	_, err = f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id, PageToken: ptr("garbage")})
	wantCode(t, err, codes.InvalidArgument, "page_token")
	_, err = f.app.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: unknownUUID})
	wantCode(t, err, codes.NotFound, "fragment")
	locOwner, _ := f.keyWith(f.auth("owner", "location", f.locationID("Lab")))
	if _, err := locOwner.GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id}); err != nil {
		t.Fatalf("location owner reads history: %v", err)
	}
	_, err = f.orgKey("operator", f.orgID).GetFragmentHistory(ctx, &apppb.GetFragmentHistoryRequest{Id: fr.Id})
	wantCode(t, err, codes.PermissionDenied, "read_fragment")
}

func TestFragmentTags(t *testing.T) {
	f := demoFleet(t)
	fr := f.newFragment("kit", map[string]any{"v": 1})
	f.saveFragment(fr, map[string]any{"v": 2})
	set := func(c apppb.AppServiceClient, tag, rev string) ([]*apppb.FragmentTag, error) {
		resp, err := c.SetFragmentTag(ctx, &apppb.SetFragmentTagRequest{FragmentId: fr.Id, Tag: tag, Revision: rev})
		return resp.GetTags(), err
	}
	if _, err := set(f.app, "stable", "1"); err != nil {
		t.Fatal(err)
	}
	tags, err := set(f.app, "beta", "2")
	if err != nil || len(tags) != 2 || tags[0].Tag != "beta" || tags[1].Tag != "stable" || tags[1].Revision != "1" {
		t.Fatalf("SetFragmentTag = %v, %v", tags, err)
	}
	got, err := f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id, Version: ptr("stable")})
	if err != nil || got.Fragment.Revision != "1" || len(got.Tags) != 2 {
		t.Fatalf("GetFragment(stable) = %v, %v", got, err)
	}
	// Setting a tag again moves it.
	if tags, err = set(f.app, "stable", "2"); err != nil || tags[1].Revision != "2" {
		t.Fatalf("move tag = %v, %v", tags, err)
	}
	del, err := f.app.DeleteFragmentTag(ctx, &apppb.DeleteFragmentTagRequest{FragmentId: fr.Id, Tag: "beta"})
	if err != nil || len(del.Tags) != 1 || del.Tags[0].Tag != "stable" {
		t.Fatalf("DeleteFragmentTag = %v, %v", del, err)
	}
	_, err = f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id, Version: ptr("beta")})
	wantCode(t, err, codes.NotFound, "revision or tag")

	operator := f.orgKey("operator", f.orgID)
	tests := []errorCase{
		{"latest", func() error { _, err := set(f.app, "latest", "1"); return err }, codes.InvalidArgument, "latest"},
		{"numeric tag", func() error { _, err := set(f.app, "7", "1"); return err }, codes.InvalidArgument, "revision number"},
		{"empty tag", func() error { _, err := set(f.app, "", "1"); return err }, codes.InvalidArgument, "tag"},
		{"malformed revision", func() error { _, err := set(f.app, "x", "one"); return err }, codes.InvalidArgument, "revision"},
		{"unknown revision", func() error { _, err := set(f.app, "x", "9"); return err }, codes.NotFound, "current revision is 2"},
		{"operator", func() error { _, err := set(operator, "x", "1"); return err }, codes.PermissionDenied, "write_fragment"},
		{"delete unknown tag", func() error {
			_, err := f.app.DeleteFragmentTag(ctx, &apppb.DeleteFragmentTagRequest{FragmentId: fr.Id, Tag: "nope"})
			return err
		}, codes.NotFound, "nope"},
		{"delete unknown fragment", func() error {
			_, err := f.app.DeleteFragmentTag(ctx, &apppb.DeleteFragmentTagRequest{FragmentId: unknownUUID, Tag: "stable"})
			return err
		}, codes.NotFound, "fragment"},
	}
	runErrorCases(t, tests)
}

func TestGetFragmentUsage(t *testing.T) {
	f := demoFleet(t)
	base := f.fragmentID("warehouse-base")
	got, err := f.app.GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: base})
	if err != nil || len(got.VersionUsages) != 1 || got.VersionUsages[0].Machines != 3 || got.VersionUsages[0].Version != nil ||
		got.VersionUsages[0].Organizations != 1 || got.VersionUsages[0].MachinesInCurrentOrg != 3 {
		t.Fatalf("GetFragmentUsage = %v, %v", got, err)
	}
	// A machine pinning a tag (object form) counts under that version;
	// the plain string form counts as the latest.
	pinned := f.parts(f.robot("Lab", "arm-testbench").Id)[0]
	plain := f.parts(f.robot("Lab", "rover-proto").Id)[0]
	for p, ref := range map[*apppb.RobotPart]any{pinned: map[string]any{"id": base, "version": "stable"}, plain: base} {
		_, err := f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: p.Id, Name: p.Name,
			RobotConfig: mustStruct(t, map[string]any{"fragments": []any{ref}})})
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err = f.app.GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: base})
	if err != nil || len(got.VersionUsages) != 2 || got.VersionUsages[0].Machines != 4 || got.VersionUsages[1].GetVersion() != "stable" || got.VersionUsages[1].Machines != 1 {
		t.Fatalf("GetFragmentUsage with versions = %v, %v", got, err)
	}

	unused := f.newFragment("unused", map[string]any{})
	got, err = f.app.GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: unused.Id})
	if err != nil || len(got.VersionUsages) != 0 {
		t.Fatalf("unused GetFragmentUsage = %v, %v", got, err)
	}
	_, err = f.app.GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: "base"})
	wantCode(t, err, codes.InvalidArgument, "fragment_id")
	_, err = f.app.GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: unknownUUID})
	wantCode(t, err, codes.NotFound, "fragment")
	_, err = f.orgKey("operator", f.orgID).GetFragmentUsage(ctx, &apppb.GetFragmentUsageRequest{FragmentId: base})
	wantCode(t, err, codes.PermissionDenied, "read_fragment")
}
