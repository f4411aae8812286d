package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// summaryCount counts the locations and machines of a response.
func summaryCount(resp *apppb.ListMachineSummariesResponse) (locations, machines int) {
	for _, ls := range resp.GetLocationSummaries() {
		machines += len(ls.MachineSummaries)
	}
	return len(resp.GetLocationSummaries()), machines
}

func TestListMachineSummaries(t *testing.T) {
	f := demoFleet(t)
	all, err := f.app.ListMachineSummaries(ctx, &apppb.ListMachineSummariesRequest{})
	if l, m := summaryCount(all); err != nil || l != 5 || m != 12 {
		t.Fatalf("ListMachineSummaries() = %d locations, %d machines, %v", l, m, err)
	}
	first := all.LocationSummaries[0]
	if first.LocationName != "Warehouse" || first.MachineSummaries[0].MachineName != "dock-rover" {
		t.Fatalf("first location = %v", first)
	}
	main := first.MachineSummaries[0].PartSummaries[0]
	if !main.IsMainPart || main.PartName != "dock-rover-main" || main.GetViamServerVersion().GetMajor() != "0.52.0" ||
		main.GetOs() != "linux" || main.GetPlatform() != "linux/arm64" || main.OnlineState != apppb.OnlineState_ONLINE_STATE_ONLINE ||
		len(main.Fragments) != 1 || main.Fragments[0].Name != "rover-drive" || main.LastAccess == nil {
		t.Fatalf("dock-rover main part summary = %v", main)
	}

	tests := []struct {
		name                string
		req                 *apppb.ListMachineSummariesRequest
		locations, machines int
	}{
		{"one organization", &apppb.ListMachineSummariesRequest{OrganizationId: f.orgID}, 5, 12},
		{"limit", &apppb.ListMachineSummariesRequest{Limit: ptr(int32(3))}, 2, 3},
		{"limit 0 is the default", &apppb.ListMachineSummariesRequest{Limit: ptr(int32(0))}, 5, 12},
		{"locations", &apppb.ListMachineSummariesRequest{LocationIds: []string{f.locationID("Lab"), f.locationID("Aisle 2")}}, 2, 5},
		{"fragment", &apppb.ListMachineSummariesRequest{FragmentIds: []string{f.fragmentID("rover-drive")}}, 2, 3},
		{"fragment and location", &apppb.ListMachineSummariesRequest{FragmentIds: []string{f.fragmentID("warehouse-base")},
			LocationIds: []string{f.locationID("Aisle 2")}}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.app.ListMachineSummaries(ctx, tt.req)
			if l, m := summaryCount(got); err != nil || l != tt.locations || m != tt.machines {
				t.Fatalf("= %d locations, %d machines, %v; want %d, %d", l, m, err, tt.locations, tt.machines)
			}
		})
	}
}

func TestListMachineSummariesRoles(t *testing.T) {
	f := demoFleet(t)
	// An operator sees summaries without the fragments a config imports.
	op := f.orgKey("operator", f.orgID)
	got, err := op.ListMachineSummaries(ctx, &apppb.ListMachineSummariesRequest{})
	if l, m := summaryCount(got); err != nil || l != 5 || m != 12 {
		t.Fatalf("operator = %d locations, %d machines, %v", l, m, err)
	}
	if fr := got.LocationSummaries[0].MachineSummaries[0].PartSummaries[0].Fragments; len(fr) != 0 {
		t.Fatalf("operator sees fragments %v", fr)
	}
	// A machine grant summarises that machine only.
	robot := f.robot("Lab", "rover-proto")
	one, _ := f.keyWith(f.auth("owner", "robot", robot.Id))
	got, err = one.ListMachineSummaries(ctx, &apppb.ListMachineSummariesRequest{})
	if l, m := summaryCount(got); err != nil || l != 1 || m != 1 || got.LocationSummaries[0].MachineSummaries[0].MachineId != robot.Id {
		t.Fatalf("machine owner = %v, %v", got, err)
	}
	other := f.ownedOrg("Partner").Id
	_, err = one.ListMachineSummaries(ctx, &apppb.ListMachineSummariesRequest{OrganizationId: other})
	wantCode(t, err, codes.PermissionDenied, "read_robot")
}

func TestListMachineSummariesErrors(t *testing.T) {
	f := demoFleet(t)
	tests := []struct {
		name string
		req  *apppb.ListMachineSummariesRequest
		code codes.Code
		msg  string
	}{
		{"negative limit", &apppb.ListMachineSummariesRequest{Limit: ptr(int32(-1))}, codes.InvalidArgument, "limit"},
		{"malformed organization", &apppb.ListMachineSummariesRequest{OrganizationId: "org"}, codes.InvalidArgument, "organization_id"},
		{"unknown organization", &apppb.ListMachineSummariesRequest{OrganizationId: unknownUUID}, codes.NotFound, "organization"},
		{"malformed location", &apppb.ListMachineSummariesRequest{LocationIds: []string{"Lab"}}, codes.InvalidArgument, "location_ids[0]"},
		{"malformed fragment", &apppb.ListMachineSummariesRequest{FragmentIds: []string{"rover-drive"}}, codes.InvalidArgument, "fragment_ids[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.ListMachineSummaries(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}
