package localfleet

import (
	"fmt"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// resolvedErrors maps the fragment ids of failed resolutions to their
// error types.
func resolvedErrors(rs []*apppb.ResolvedFragment) map[string]apppb.FragmentErrorType {
	out := map[string]apppb.FragmentErrorType{}
	for _, r := range rs {
		if r.Error != nil {
			out[r.FragmentId] = r.Error.ErrorType
		}
	}
	return out
}

func fragmentNames(fs []*apppb.Fragment) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+"@"+f.Revision)
	}
	return out
}

func TestListNestedFragments(t *testing.T) {
	f := demoFleet(t)
	leaf := f.newFragment("leaf", map[string]any{"v": "old"})
	f.saveFragment(leaf, map[string]any{"v": "new"})
	f.app.SetFragmentTag(ctx, &apppb.SetFragmentTagRequest{FragmentId: leaf.Id, Tag: "stable", Revision: "1"})
	// mid imports leaf by tag (object form); top imports mid by plain id.
	mid := f.newFragment("mid", map[string]any{"fragments": []any{map[string]any{"id": leaf.Id, "version": "stable"}}})
	top := f.newFragment("top", map[string]any{"fragments": []any{mid.Id, "not-an-id", unknownUUID}})

	got, err := f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(top.Id)})
	if names := fragmentNames(got.GetFragments()); err != nil || fmt.Sprint(names) != "[mid@1 leaf@1]" {
		t.Fatalf("ListNestedFragments = %v, %v", names, err)
	}
	if errs := resolvedErrors(got.ResolvedFragments); len(errs) != 2 ||
		errs["not-an-id"] != apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID ||
		errs[unknownUUID] != apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID {
		t.Fatalf("resolution errors = %v", errs)
	}
	if r := got.ResolvedFragments[1]; r.FragmentId != leaf.Id || r.Revision != "1" || r.ResolvedConfig.Fields["v"].GetStringValue() != "old" {
		t.Fatalf("leaf resolved = %v", r)
	}

	// A fragment importing itself through another is a cycle.
	f.saveFragment(leaf, map[string]any{"fragments": []any{top.Id}})
	got, err = f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(top.Id),
		AdditionalFragments: []*apppb.AdditionalFragment{{FragmentId: leaf.Id}}})
	if errs := resolvedErrors(got.GetResolvedFragments()); err != nil || errs[top.Id] != apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CYCLE_DETECTED {
		t.Fatalf("cycle = %v, %v", errs, err)
	}

	// A chain deeper than the limit.
	chain := f.newFragment("chain-0", map[string]any{})
	for i := 1; i <= maxFragmentNesting+1; i++ {
		chain = f.newFragment(fmt.Sprintf("chain-%d", i), map[string]any{"fragments": []any{chain.Id}})
	}
	got, err = f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(chain.Id)})
	if errs := resolvedErrors(got.GetResolvedFragments()); err != nil || len(got.Fragments) != maxFragmentNesting-1 || len(errs) != 1 {
		t.Fatalf("deep chain = %v, %v, %v", fragmentNames(got.GetFragments()), errs, err)
	}
	for _, e := range resolvedErrors(got.ResolvedFragments) {
		if e != apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_NESTING_LIMIT_EXCEEDED {
			t.Fatalf("deep chain error = %v", e)
		}
	}
}

func TestListNestedFragmentsAccess(t *testing.T) {
	f := demoFleet(t)
	other := f.ownedOrg("Partner").Id
	private, err := f.app.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: other, Name: "theirs"})
	if err != nil {
		t.Fatal(err)
	}
	mine := f.newFragment("mine", map[string]any{"fragments": []any{private.Fragment.Id}})
	demoOwner := f.orgKey("owner", f.orgID)
	got, err := demoOwner.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(mine.Id)})
	if errs := resolvedErrors(got.GetResolvedFragments()); err != nil || errs[private.Fragment.Id] != apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_NO_ACCESS {
		t.Fatalf("private child = %v, %v", errs, err)
	}
	_, err = demoOwner.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(private.Fragment.Id)})
	wantCode(t, err, codes.PermissionDenied, "read_fragment")
	_, err = f.orgKey("operator", f.orgID).ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(mine.Id)})
	wantCode(t, err, codes.PermissionDenied, "read_fragment")
	_, err = f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{FragmentId: ptr(unknownUUID)})
	wantCode(t, err, codes.NotFound, "fragment")
	_, err = f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{AdditionalFragments: []*apppb.AdditionalFragment{{FragmentId: "x"}}})
	wantCode(t, err, codes.InvalidArgument, "additional_fragments[0].fragment_id")
	empty, err := f.app.ListNestedFragments(ctx, &apppb.ListNestedFragmentsRequest{})
	if err != nil || len(empty.Fragments)+len(empty.ResolvedFragments) != 0 {
		t.Fatalf("empty request = %v, %v", empty, err)
	}
}

func TestListMachineFragments(t *testing.T) {
	f := demoFleet(t)
	forklift := f.robot("Aisle 1", "forklift-01")
	got, err := f.app.ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: forklift.Id})
	if names := fragmentNames(got.GetFragments()); err != nil || fmt.Sprint(names) != "[warehouse-base@1 pallet-vision@1]" {
		t.Fatalf("ListMachineFragments = %v, %v", names, err)
	}
	extra := f.newFragment("extra", map[string]any{})
	got, err = f.app.ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: forklift.Id,
		AdditionalFragmentIds: []string{extra.Id}, AdditionalFragments: []*apppb.AdditionalFragment{{FragmentId: f.fragmentID("rover-drive")}}})
	if names := fragmentNames(got.GetFragments()); err != nil || fmt.Sprint(names) != "[warehouse-base@1 pallet-vision@1 extra@1 rover-drive@1]" {
		t.Fatalf("with additional fragments = %v, %v", names, err)
	}
	_, err = f.app.ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: "forklift-01"})
	wantCode(t, err, codes.InvalidArgument, "machine_id")
	_, err = f.app.ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: unknownUUID})
	wantCode(t, err, codes.NotFound, "machine")
	_, err = f.app.ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: forklift.Id, AdditionalFragmentIds: []string{"x"}})
	wantCode(t, err, codes.InvalidArgument, "additional_fragment_ids[0]")
	_, err = f.orgKey("operator", f.orgID).ListMachineFragments(ctx, &apppb.ListMachineFragmentsRequest{MachineId: forklift.Id})
	wantCode(t, err, codes.PermissionDenied, "read_robot_config")
}
