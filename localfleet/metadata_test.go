package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// metadataResource is one kind of resource with metadata, reached through
// its two RPCs.
type metadataResource struct {
	name    string
	id      string // an existing resource of the demo fleet
	badID   string // malformed
	missing string // well formed, unknown
	get     func(c apppb.AppServiceClient, id string) (*structpb.Struct, error)
	set     func(c apppb.AppServiceClient, id string, data *structpb.Struct) error
}

func metadataResources(f *testFleet) []metadataResource {
	robot := f.robot("Aisle 1", "forklift-01")
	part := f.parts(robot.Id)[0]
	return []metadataResource{
		{"organization", f.orgID, "not-a-uuid", unknownUUID,
			func(c apppb.AppServiceClient, id string) (*structpb.Struct, error) {
				r, err := c.GetOrganizationMetadata(ctx, &apppb.GetOrganizationMetadataRequest{OrganizationId: id})
				return r.GetData(), err
			},
			func(c apppb.AppServiceClient, id string, data *structpb.Struct) error {
				_, err := c.UpdateOrganizationMetadata(ctx, &apppb.UpdateOrganizationMetadataRequest{OrganizationId: id, Data: data})
				return err
			}},
		{"location", f.locationID("Warehouse"), "Not A Location", unknownLocation,
			func(c apppb.AppServiceClient, id string) (*structpb.Struct, error) {
				r, err := c.GetLocationMetadata(ctx, &apppb.GetLocationMetadataRequest{LocationId: id})
				return r.GetData(), err
			},
			func(c apppb.AppServiceClient, id string, data *structpb.Struct) error {
				_, err := c.UpdateLocationMetadata(ctx, &apppb.UpdateLocationMetadataRequest{LocationId: id, Data: data})
				return err
			}},
		{"machine", robot.Id, "forklift-01", unknownUUID,
			func(c apppb.AppServiceClient, id string) (*structpb.Struct, error) {
				r, err := c.GetRobotMetadata(ctx, &apppb.GetRobotMetadataRequest{Id: id})
				return r.GetData(), err
			},
			func(c apppb.AppServiceClient, id string, data *structpb.Struct) error {
				_, err := c.UpdateRobotMetadata(ctx, &apppb.UpdateRobotMetadataRequest{Id: id, Data: data})
				return err
			}},
		{"part", part.Id, "", unknownUUID,
			func(c apppb.AppServiceClient, id string) (*structpb.Struct, error) {
				r, err := c.GetRobotPartMetadata(ctx, &apppb.GetRobotPartMetadataRequest{Id: id})
				return r.GetData(), err
			},
			func(c apppb.AppServiceClient, id string, data *structpb.Struct) error {
				_, err := c.UpdateRobotPartMetadata(ctx, &apppb.UpdateRobotPartMetadataRequest{Id: id, Data: data})
				return err
			}},
	}
}

// TestMetadataReplace: metadata starts empty, an update replaces it whole,
// and an empty or absent one clears it.
func TestMetadataReplace(t *testing.T) {
	f := demoFleet(t)
	first := mustStruct(t, map[string]any{"site": "north", "shelves": 12, "tags": []any{"cold", 2.5}, "owner": map[string]any{"team": "ops"}})
	second := mustStruct(t, map[string]any{"site": "south"})
	for _, r := range metadataResources(f) {
		t.Run(r.name, func(t *testing.T) {
			want := func(step string, w *structpb.Struct) {
				t.Helper()
				got, err := r.get(f.app, r.id)
				if err != nil {
					t.Fatalf("%s: get: %v", step, err)
				}
				if got == nil || !proto.Equal(got, w) {
					t.Fatalf("%s: got %v, want %v", step, got, w)
				}
			}
			want("initially", &structpb.Struct{})
			for _, step := range []struct {
				name string
				set  *structpb.Struct
				want *structpb.Struct
			}{
				{"set", first, first},
				{"replace", second, second},
				{"clear with nil", nil, &structpb.Struct{}},
				{"set again", first, first},
				{"clear with empty", &structpb.Struct{}, &structpb.Struct{}},
			} {
				if err := r.set(f.app, r.id, step.set); err != nil {
					t.Fatalf("%s: update: %v", step.name, err)
				}
				want(step.name, step.want)
			}
		})
	}
}

// TestMetadataIsPerResource: one resource's metadata is not another's, and
// it survives reopening the data file.
func TestMetadataIsPerResource(t *testing.T) {
	path := t.TempDir() + "/fleet.db"
	f := openTestFleet(t, Options{DataPath: path, Fixture: DemoFixture(), Deterministic: true, Seed: 1})
	rs := metadataResources(f)
	for i, r := range rs {
		if err := r.set(f.app, r.id, mustStruct(t, map[string]any{"kind": r.name, "n": i})); err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
	}
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	f = openTestFleet(t, Options{DataPath: path})
	for i, r := range rs {
		got, err := r.get(f.app, r.id)
		if err != nil || got.Fields["kind"].GetStringValue() != r.name || got.Fields["n"].GetNumberValue() != float64(i) {
			t.Errorf("%s after reopening: %v, %v", r.name, got, err)
		}
	}
}

func TestMetadataErrors(t *testing.T) {
	f := demoFleet(t)
	for _, r := range metadataResources(f) {
		for _, tt := range []struct {
			name string
			id   string
			code codes.Code
		}{
			{"empty id", "", codes.InvalidArgument},
			{"malformed id", r.badID, codes.InvalidArgument},
			{"unknown", r.missing, codes.NotFound},
		} {
			t.Run(r.name+"/"+tt.name, func(t *testing.T) {
				_, err := r.get(f.app, tt.id)
				wantCode(t, err, tt.code, "")
				wantCode(t, r.set(f.app, tt.id, &structpb.Struct{}), tt.code, "")
			})
		}
	}
}

// TestMetadataRoles: operators read metadata, only owners replace it, and
// a grant elsewhere gives nothing.
func TestMetadataRoles(t *testing.T) {
	f := demoFleet(t)
	rs := metadataResources(f)
	robotID := rs[2].id
	data := mustStruct(t, map[string]any{"k": "v"})
	orgOperator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	robotOwner, _ := f.keyWith(f.auth("owner", "robot", robotID))
	elsewhere, _ := f.keyWith(f.auth("owner", "location", f.locationID("Lab")))

	tests := []struct {
		name     string
		client   apppb.AppServiceClient
		resource int
		write    bool
		wantPerm string // "" = allowed
	}{
		{"org operator reads org", orgOperator, 0, false, ""},
		{"org operator cannot write org", orgOperator, 0, true, "write_organization"},
		{"org operator reads part", orgOperator, 3, false, ""},
		{"org operator cannot write machine", orgOperator, 2, true, "write_robot"},
		{"machine owner writes machine", robotOwner, 2, true, ""},
		{"machine owner writes part", robotOwner, 3, true, ""},
		{"machine owner cannot read org", robotOwner, 0, false, "read_organization"},
		{"machine owner cannot write location", robotOwner, 1, true, "write_location"},
		{"owner elsewhere cannot read location", elsewhere, 1, false, "read_location"},
		{"owner elsewhere cannot read part", elsewhere, 3, false, "read_robot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rs[tt.resource]
			var err error
			if tt.write {
				err = r.set(tt.client, r.id, data)
			} else {
				_, err = r.get(tt.client, r.id)
			}
			if tt.wantPerm == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, codes.PermissionDenied, tt.wantPerm)
		})
	}
}
