package localfleet

import (
	"encoding/json"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	st, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestGetRobotPart(t *testing.T) {
	f := demoFleet(t)
	picker := f.robot("Aisle 2", "picker-01")
	parts := f.parts(picker.Id)
	if len(parts) != 2 || !parts[0].MainPart || parts[1].MainPart {
		t.Fatalf("GetRobotParts: want main part first of 2, got %v", parts)
	}
	got, err := f.app.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: parts[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got.Part.RobotConfig, parts[0].RobotConfig) || got.Part.RobotConfig == nil {
		t.Fatalf("GetRobotPart config differs from GetRobotParts")
	}
	var decoded map[string]any
	if err := json.Unmarshal([]byte(got.ConfigJson), &decoded); err != nil {
		t.Fatalf("config_json is not JSON: %v", err)
	}
	if !proto.Equal(mustStruct(t, decoded), got.Part.RobotConfig) {
		t.Fatalf("config_json does not match robot_config")
	}
	if len(got.Part.Secrets) != 1 || got.Part.Secret != got.Part.Secrets[0].Secret {
		t.Fatalf("owner should see the part secret: %v", got.Part.Secrets)
	}
	_, err = f.app.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: unknownUUID})
	wantCode(t, err, codes.NotFound, `part "`+unknownUUID+`" not found`)
	_, err = f.app.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: "nope"})
	wantCode(t, err, codes.InvalidArgument, "not a valid part id")
	_, err = f.app.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: unknownUUID})
	wantCode(t, err, codes.NotFound, "machine")
}

func TestUpdateRobotPartKeepsHistory(t *testing.T) {
	f := demoFleet(t)
	part := f.parts(f.robot("Lab", "arm-testbench").Id)[0]
	oldConfig := part.RobotConfig
	newConfig := mustStruct(t, map[string]any{"components": []any{map[string]any{"name": "cam", "api": "rdk:component:camera", "model": "fake", "attributes": map[string]any{"fps": 29.97, "width": 640.0}}}})

	upd, err := f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.Id, Name: part.Name, RobotConfig: newConfig, LastKnownUpdate: part.LastUpdated})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(upd.Part.RobotConfig, newConfig) {
		t.Fatalf("config not stored unchanged: %v", upd.Part.RobotConfig)
	}
	if !upd.Part.LastUpdated.AsTime().After(part.LastUpdated.AsTime()) {
		t.Fatalf("last_updated did not advance")
	}
	// A write based on the old read is stale now.
	_, err = f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.Id, Name: part.Name, RobotConfig: oldConfig, LastKnownUpdate: part.LastUpdated})
	wantCode(t, err, codes.FailedPrecondition, "last_known_update")
	// A rename without a config keeps the config.
	renamed, err := f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.Id, Name: "bench-main"})
	if err != nil || renamed.Part.Name != "bench-main" || !proto.Equal(renamed.Part.RobotConfig, newConfig) {
		t.Fatalf("rename = %v, %v", renamed, err)
	}
	// JSON text is kept as written and wins over robot_config.
	text := `{"services": [], "components": []}`
	j, err := f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.Id, Name: "bench-main", RobotConfig: oldConfig, RobotConfigJson: &text})
	if err != nil || j.Part.GetRobotConfigJson() != text || len(j.Part.RobotConfig.Fields) != 2 {
		t.Fatalf("robot_config_json update = %v, %v", j, err)
	}
	got, _ := f.app.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: part.Id})
	if got.ConfigJson != text {
		t.Fatalf("config_json = %q, want the text as written", got.ConfigJson)
	}

	hist, err := f.app.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: part.Id})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.History) != 3 || hist.NextPageToken != "" {
		t.Fatalf("history has %d entries (token %q), want 3", len(hist.History), hist.NextPageToken)
	}
	oldest := hist.History[2] // newest first
	keyID, _, _ := f.srv.LocalCredentials(ctx)
	if !proto.Equal(oldest.Old.RobotConfig, oldConfig) || oldest.Old.Name != part.Name || oldest.Part != part.Id || oldest.Robot != part.Robot {
		t.Fatalf("oldest history entry does not hold the part before the first edit: %v", oldest)
	}
	if oldest.EditedBy.GetType() != apppb.AuthenticationType_AUTHENTICATION_TYPE_API_KEY || oldest.EditedBy.GetValue() != keyID || oldest.When == nil {
		t.Fatalf("edited_by = %v", oldest.EditedBy)
	}
	if !proto.Equal(hist.History[0].Old.RobotConfig, newConfig) {
		t.Fatalf("newest history entry should hold the config before the JSON update")
	}

	// Paging: one entry per page, three pages, then "".
	var token string
	for i := range 3 {
		page, err := f.app.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: part.Id, PageLimit: ptr(int64(1)), PageToken: &token})
		if err != nil || len(page.History) != 1 || !proto.Equal(page.History[0], hist.History[i]) {
			t.Fatalf("page %d = %v, %v", i, page, err)
		}
		token = page.NextPageToken
		if (token == "") != (i == 2) {
			t.Fatalf("page %d token %q", i, token)
		}
	}
}

func TestUpdateRobotPartErrors(t *testing.T) {
	f := demoFleet(t)
	parts := f.parts(f.robot("Aisle 2", "picker-01").Id)
	bad := "{not json"
	tests := []struct {
		name string
		req  *apppb.UpdateRobotPartRequest
		code codes.Code
		msg  string
	}{
		{"empty id", &apppb.UpdateRobotPartRequest{Name: "x"}, codes.InvalidArgument, "id"},
		{"unknown", &apppb.UpdateRobotPartRequest{Id: unknownUUID, Name: "x"}, codes.NotFound, "part"},
		{"empty name", &apppb.UpdateRobotPartRequest{Id: parts[0].Id}, codes.InvalidArgument, "name"},
		{"taken name", &apppb.UpdateRobotPartRequest{Id: parts[0].Id, Name: parts[1].Name}, codes.AlreadyExists, parts[1].Name},
		{"bad json", &apppb.UpdateRobotPartRequest{Id: parts[0].Id, Name: parts[0].Name, RobotConfigJson: &bad}, codes.InvalidArgument, "robot_config_json"},
		{"stale", &apppb.UpdateRobotPartRequest{Id: parts[0].Id, Name: parts[0].Name, LastKnownUpdate: timestamppb.New(parts[0].LastUpdated.AsTime().Add(-1))}, codes.FailedPrecondition, "changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.UpdateRobotPart(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	_, err := f.app.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: parts[0].Id, PageToken: ptr("garbage")})
	wantCode(t, err, codes.InvalidArgument, "page_token")
	_, err = f.app.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: unknownUUID})
	wantCode(t, err, codes.NotFound, "part")
}

func TestPartsKeepExactlyOneMain(t *testing.T) {
	f := demoFleet(t)
	robotID := f.newRobot(f.locationID("Lab"), "twin")
	main := f.parts(robotID)[0]
	second, err := f.app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: robotID, PartName: "twin-aux"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: robotID, PartName: "twin-aux"})
	wantCode(t, err, codes.AlreadyExists, "twin-aux")
	_, err = f.app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: robotID})
	wantCode(t, err, codes.InvalidArgument, "part_name")

	mains := func() []string {
		var ids []string
		for _, p := range f.parts(robotID) {
			if p.MainPart {
				ids = append(ids, p.Id)
			}
		}
		return ids
	}
	if m := mains(); len(m) != 1 || m[0] != main.Id {
		t.Fatalf("mains = %v", m)
	}
	_, err = f.app.DeleteRobotPart(ctx, &apppb.DeleteRobotPartRequest{PartId: main.Id})
	wantCode(t, err, codes.FailedPrecondition, "main part")

	if _, err := f.app.MarkPartAsMain(ctx, &apppb.MarkPartAsMainRequest{PartId: second.PartId}); err != nil {
		t.Fatal(err)
	}
	if m := mains(); len(m) != 1 || m[0] != second.PartId {
		t.Fatalf("after MarkPartAsMain mains = %v", m)
	}
	if _, err := f.app.DeleteRobotPart(ctx, &apppb.DeleteRobotPartRequest{PartId: main.Id}); err != nil {
		t.Fatalf("deleting the former main part: %v", err)
	}
	if ps := f.parts(robotID); len(ps) != 1 || ps[0].Id != second.PartId || !ps[0].MainPart {
		t.Fatalf("parts after delete = %v", ps)
	}
	_, err = f.app.DeleteRobotPart(ctx, &apppb.DeleteRobotPartRequest{PartId: main.Id})
	wantCode(t, err, codes.NotFound, "part")
	_, err = f.app.MarkPartAsMain(ctx, &apppb.MarkPartAsMainRequest{PartId: unknownUUID})
	wantCode(t, err, codes.NotFound, "part")
}

func TestMarkPartForRestart(t *testing.T) {
	f := demoFleet(t)
	part := f.parts(f.robot("Lab", "arm-testbench").Id)[0]
	for range 2 { // repeating it is a no-op
		if _, err := f.app.MarkPartForRestart(ctx, &apppb.MarkPartForRestartRequest{PartId: part.Id}); err != nil {
			t.Fatal(err)
		}
	}
	var pending bool
	if err := f.srv.svc.db.QueryRow(`SELECT restart_pending FROM parts WHERE id = ?`, part.Id).Scan(&pending); err != nil || !pending {
		t.Fatalf("restart_pending = %v, %v", pending, err)
	}
	_, err := f.app.MarkPartForRestart(ctx, &apppb.MarkPartForRestartRequest{PartId: ""})
	wantCode(t, err, codes.InvalidArgument, "part_id")
}

func TestPartSecrets(t *testing.T) {
	f := demoFleet(t)
	part := f.parts(f.robot("Lab", "arm-testbench").Id)[0]
	resp, err := f.app.CreateRobotPartSecret(ctx, &apppb.CreateRobotPartSecretRequest{PartId: part.Id})
	if err != nil || len(resp.Part.Secrets) != 2 {
		t.Fatalf("CreateRobotPartSecret = %v, %v", resp, err)
	}
	_, err = f.app.CreateRobotPartSecret(ctx, &apppb.CreateRobotPartSecretRequest{PartId: part.Id})
	wantCode(t, err, codes.FailedPrecondition, "already has 2 secrets")
	first := resp.Part.Secrets[0].Id
	if _, err := f.app.DeleteRobotPartSecret(ctx, &apppb.DeleteRobotPartSecretRequest{PartId: part.Id, SecretId: first}); err != nil {
		t.Fatal(err)
	}
	if ps := f.parts(part.Robot); len(ps[0].Secrets) != 1 || ps[0].Secrets[0].Id == first {
		t.Fatalf("after delete secrets = %v", ps[0].Secrets)
	}
	_, err = f.app.DeleteRobotPartSecret(ctx, &apppb.DeleteRobotPartSecretRequest{PartId: part.Id, SecretId: first})
	wantCode(t, err, codes.NotFound, "part secret")
	_, err = f.app.DeleteRobotPartSecret(ctx, &apppb.DeleteRobotPartSecretRequest{PartId: part.Id})
	wantCode(t, err, codes.InvalidArgument, "secret_id")
}
