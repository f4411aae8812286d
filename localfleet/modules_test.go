package localfleet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// upload streams a module file in chunks and returns the final status.
func upload(f *testFleet, first *apppb.UploadModuleFileRequest, data []byte, chunk int) (*apppb.UploadModuleFileResponse, error) {
	stream, err := f.app.UploadModuleFile(ctx)
	if err != nil {
		return nil, err
	}
	send := func(m *apppb.UploadModuleFileRequest) error {
		if err := stream.Send(m); err != nil {
			_, err = stream.CloseAndRecv() // the server's status
			return err
		}
		return nil
	}
	if first != nil {
		if err := send(first); err != nil {
			return nil, err
		}
	}
	for len(data) > 0 {
		n := min(chunk, len(data))
		if err := send(&apppb.UploadModuleFileRequest{ModuleFile: &apppb.UploadModuleFileRequest_File{File: data[:n]}}); err != nil {
			return nil, err
		}
		data = data[n:]
	}
	return stream.CloseAndRecv()
}

func fileInfo(moduleID, version, platform string) *apppb.UploadModuleFileRequest {
	return &apppb.UploadModuleFileRequest{ModuleFile: &apppb.UploadModuleFileRequest_ModuleFileInfo{
		ModuleFileInfo: &apppb.ModuleFileInfo{ModuleId: moduleID, Version: version, Platform: platform}}}
}

func TestModules(t *testing.T) {
	f := demoFleet(t)
	created, err := f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "lidar-driver"})
	if err != nil || created.ModuleId != "demo-robotics:lidar-driver" || created.Url == "" {
		t.Fatalf("CreateModule = %v, %v", created, err)
	}
	_, err = f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "lidar-driver"})
	wantCode(t, err, codes.AlreadyExists, "demo-robotics:lidar-driver")
	_, err = f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "Bad Name"})
	wantCode(t, err, codes.InvalidArgument, "name")

	models := []*apppb.Model{{Api: "rdk:component:camera", Model: "demo-robotics:lidar:a3"}}
	if _, err := f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: created.ModuleId, Visibility: apppb.Visibility_VISIBILITY_PUBLIC,
		Url: "https://example.com/lidar", Description: "lidar", Models: models, Entrypoint: "run.sh"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: created.ModuleId, Visibility: apppb.Visibility_VISIBILITY_PUBLIC, Models: []*apppb.Model{{}}})
	wantCode(t, err, codes.InvalidArgument, "models[0]")

	data := bytes.Repeat([]byte("module-bytes-"), 20000) // 260 kB, several chunks
	resp, err := upload(f, fileInfo(created.ModuleId, "1.0.0", "linux/amd64"), data, 64<<10)
	if err != nil || resp.Url == "" {
		t.Fatalf("UploadModuleFile = %v, %v", resp, err)
	}
	var (
		size int
		sum  string
	)
	if err := f.srv.svc.db.QueryRow(`SELECT size, sha256 FROM module_files WHERE module_id = ?`, created.ModuleId).Scan(&size, &sum); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(data)
	if size != len(data) || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("stored size %d sha %s; want %d %x", size, sum, len(data), want)
	}

	got, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: created.ModuleId})
	if err != nil {
		t.Fatal(err)
	}
	m := got.Module
	if m.Visibility != apppb.Visibility_VISIBILITY_PUBLIC || m.Entrypoint != "run.sh" || len(m.Models) != 1 ||
		len(m.Versions) != 1 || m.Versions[0].Version != "1.0.0" || m.Versions[0].Files[0].Platform != "linux/amd64" {
		t.Fatalf("GetModule = %v", m)
	}
	list, err := f.app.ListModules(ctx, &apppb.ListModulesRequest{OrganizationId: &f.orgID})
	if err != nil || len(list.Modules) != 2 {
		t.Fatalf("ListModules = %v, %v", list, err)
	}

	uploadErrs := []struct {
		name  string
		first *apppb.UploadModuleFileRequest
		data  []byte
		code  codes.Code
		msg   string
	}{
		{"bytes first", nil, []byte("x"), codes.InvalidArgument, "first message"},
		{"no bytes", fileInfo(created.ModuleId, "1.0.1", "linux/amd64"), nil, codes.InvalidArgument, "no file bytes"},
		{"bad version", fileInfo(created.ModuleId, "v1", "linux/amd64"), []byte("x"), codes.InvalidArgument, "semantic version"},
		{"no platform", fileInfo(created.ModuleId, "1.0.1", ""), []byte("x"), codes.InvalidArgument, "platform"},
		{"unknown module", fileInfo("demo-robotics:nope", "1.0.1", "linux/amd64"), []byte("x"), codes.NotFound, "module"},
		{"same version twice", fileInfo(created.ModuleId, "1.0.0", "linux/amd64"), []byte("x"), codes.AlreadyExists, "1.0.0"},
	}
	for _, tt := range uploadErrs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := upload(f, tt.first, tt.data, 1024)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	_, err = f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: "nocolon"})
	wantCode(t, err, codes.InvalidArgument, "module_id")
	_, err = f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: "demo-robotics:nope"})
	wantCode(t, err, codes.NotFound, "module")
}

func TestPublicModuleNeedsNamespace(t *testing.T) {
	f := openTestFleet(t, Options{Fixture: mustFixture(t, "empty")})
	created, err := f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "thing"})
	if err != nil || created.ModuleId != f.orgID+":thing" {
		t.Fatalf("CreateModule without namespace = %v, %v", created, err)
	}
	_, err = f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: created.ModuleId, Visibility: apppb.Visibility_VISIBILITY_PUBLIC})
	wantCode(t, err, codes.FailedPrecondition, "public namespace")
}

func TestCompareSemver(t *testing.T) {
	ordered := []string{"0.9.0", "1.0.0-beta", "1.0.0-rc1", "1.0.0", "1.2.0", "1.10.0"}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := compareSemver(ordered[i], ordered[j]); got != want {
				t.Errorf("compareSemver(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestUploadInOneLargeMessage(t *testing.T) {
	// The Python SDK sends the whole file in one message; anything up to
	// goutils' 32 MiB limit must get through.
	f := demoFleet(t)
	data := bytes.Repeat([]byte{7}, 6<<20)
	if _, err := upload(f, fileInfo("demo-robotics:pallet-detector", "2.0.0", "linux/arm64"), data, len(data)); err != nil {
		t.Fatalf("a 6 MiB single-message upload: %v", err)
	}
}
