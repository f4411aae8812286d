package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

func TestFragments(t *testing.T) {
	f := demoFleet(t)
	list, err := f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID})
	if err != nil || len(list.Fragments) != 3 {
		t.Fatalf("ListFragments = %v, %v", list, err)
	}
	counts := map[string]int32{}
	for _, fr := range list.Fragments {
		counts[fr.Name] = fr.RobotPartCount
	}
	// Three forklifts use warehouse-base; two survey rovers and the dock rover use rover-drive.
	if counts["warehouse-base"] != 3 || counts["rover-drive"] != 3 {
		t.Fatalf("robot_part_count = %v", counts)
	}
	public, err := f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID,
		FragmentVisibility: []apppb.FragmentVisibility{apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC}})
	if err != nil || len(public.Fragments) != 1 || public.Fragments[0].Name != "rover-drive" || !public.Fragments[0].Public {
		t.Fatalf("public fragments = %v, %v", public, err)
	}

	config := mustStruct(t, map[string]any{"components": []any{map[string]any{"name": "lidar", "model": "fake"}}})
	created, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID, Name: "lidar-kit", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	fr := created.Fragment
	if fr.Visibility != apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE || fr.Revision != "1" || !proto.Equal(fr.Fragment, config) || fr.OrganizationOwner != f.orgID {
		t.Fatalf("CreateFragment = %v", fr)
	}
	got, err := f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id})
	if err != nil || !proto.Equal(got.Fragment, fr) {
		t.Fatalf("GetFragment = %v, %v", got, err)
	}

	upd, err := f.app.UpdateFragment(ctx, &apppb.UpdateFragmentRequest{Id: fr.Id, Name: "lidar-kit-v2",
		Visibility: apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC_UNLISTED.Enum(), LastKnownUpdate: fr.LastUpdated})
	if err != nil || upd.Fragment.Name != "lidar-kit-v2" || upd.Fragment.Revision != "2" || !proto.Equal(upd.Fragment.Fragment, config) {
		t.Fatalf("UpdateFragment = %v, %v", upd, err)
	}
	_, err = f.app.UpdateFragment(ctx, &apppb.UpdateFragmentRequest{Id: fr.Id, Name: "x", LastKnownUpdate: fr.LastUpdated})
	wantCode(t, err, codes.FailedPrecondition, "last_known_update")
	_, err = f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id, Version: ptr("3")})
	wantCode(t, err, codes.NotFound, "current revision is 2")

	if _, err := f.app.DeleteFragment(ctx, &apppb.DeleteFragmentRequest{Id: fr.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: fr.Id})
	wantCode(t, err, codes.NotFound, "fragment")

	errs := []errorCase{
		{"create no name", func() error {
			_, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID})
			return err
		}, codes.InvalidArgument, "name"},
		{"create bad visibility", func() error {
			_, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID, Name: "x", Visibility: apppb.FragmentVisibility(9).Enum()})
			return err
		}, codes.InvalidArgument, "visibility"},
		{"update no name", func() error {
			_, err := f.app.UpdateFragment(ctx, &apppb.UpdateFragmentRequest{Id: list.Fragments[0].Id})
			return err
		}, codes.InvalidArgument, "name"},
		{"get malformed", func() error { _, err := f.app.GetFragment(ctx, &apppb.GetFragmentRequest{Id: "f"}); return err }, codes.InvalidArgument, "fragment id"},
		{"delete unknown", func() error {
			_, err := f.app.DeleteFragment(ctx, &apppb.DeleteFragmentRequest{Id: unknownUUID})
			return err
		}, codes.NotFound, "fragment"},
		{"list unknown org", func() error {
			_, err := f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: unknownUUID})
			return err
		}, codes.NotFound, "organization"},
	}
	runErrorCases(t, errs)
}
