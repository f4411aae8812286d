package localfleet

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

// maxModuleFile bounds an uploaded module file; it is held in memory while
// it arrives and then stored in the database.
const maxModuleFile = 256 << 20

func moduleURL(moduleID string) string {
	return "https://app.viam.com/module/" + strings.Replace(moduleID, ":", "/", 1)
}

// updateModule replaces the metadata UpdateModule sets, keeping what only
// UpdateRegistryItem sets (source type, language, minimum viam-server). It
// leaves updated_on alone: seeding must not read the clock more often than
// it did, or every later deterministic time would shift.
func (s *service) updateModule(ctx context.Context, q querier, id string, vis apppb.Visibility, url, description string, models []*apppb.Model, entrypoint string, apps []*apppb.App) error {
	meta, err := loadModuleMeta(ctx, q, id)
	if err != nil {
		return err
	}
	meta.Models, meta.Apps = models, apps
	blob, err := proto.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode models: %w", err)
	}
	_, err = q.ExecContext(ctx, `UPDATE modules SET visibility = ?, url = ?, description = ?, models = ?, entrypoint = ? WHERE id = ?`,
		int32(vis), url, description, blob, entrypoint, id)
	if err != nil {
		return fmt.Errorf("update module %q: %w", id, err)
	}
	return nil
}

// loadModule returns a module's row, NotFound if unknown or if the
// registry item is not a module.
func (s *service) loadModule(ctx context.Context, id string) (*registryRow, error) {
	r, err := s.loadRegistryRow(ctx, s.db, "module", id)
	if err != nil {
		return nil, err
	}
	if r.typ != typeModule {
		return nil, notFound("module", id)
	}
	return r, nil
}

// moduleOf is presentItem as the module RPCs show a module.
func (s *service) moduleOf(ctx context.Context, r *registryRow, markdown bool, users registryUsers) (*apppb.Module, error) {
	return presentItem(ctx, s, r, markdown, users, (*registryRow).moduleMessage)
}

// compareSemver orders versions checked by checkVersion: by major, minor
// and patch numbers, then a pre-release before its release, then
// pre-releases as text.
func compareSemver(a, b string) int {
	aCore, aPre, _ := strings.Cut(a, "-")
	bCore, bPre, _ := strings.Cut(b, "-")
	aNums, bNums := strings.Split(aCore, "."), strings.Split(bCore, ".")
	for i := range min(len(aNums), len(bNums)) {
		x, _ := strconv.Atoi(aNums[i])
		y, _ := strconv.Atoi(bNums[i])
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	switch {
	case aPre == bPre:
		return 0
	case aPre == "":
		return 1
	case bPre == "":
		return -1
	}
	return strings.Compare(aPre, bPre)
}

// requireModule validates a module id, loads the module and checks that the
// caller holds perm in its organization.
func (s *service) requireModule(ctx context.Context, field, id, perm string) (*registryRow, error) {
	if err := checkItemID(field, id); err != nil {
		return nil, err
	}
	m, err := s.loadModule(ctx, id)
	if err != nil {
		return nil, err
	}
	return m, s.require(ctx, perm, orgScope(m.orgID))
}

func (s *service) CreateModule(ctx context.Context, req *apppb.CreateModuleRequest) (*apppb.CreateModuleResponse, error) {
	id, err := s.createItem(ctx, req.GetOrganizationId(), typeModule, req.GetName())
	if err != nil {
		return nil, err
	}
	return &apppb.CreateModuleResponse{ModuleId: id, Url: moduleURL(id)}, nil
}

// UpdateModule replaces a module's metadata. Making a module public needs
// the organization's public namespace, as on app.viam.com.
func (s *service) UpdateModule(ctx context.Context, req *apppb.UpdateModuleRequest) (*apppb.UpdateModuleResponse, error) {
	m, err := s.requireModule(ctx, "module_id", req.GetModuleId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	vis := req.GetVisibility()
	if _, ok := apppb.Visibility_name[int32(vis)]; !ok || vis == apppb.Visibility_VISIBILITY_UNSPECIFIED {
		return nil, invalidArgf("visibility: want VISIBILITY_PRIVATE, _PUBLIC or _PUBLIC_UNLISTED, got %v", vis)
	}
	if vis != apppb.Visibility_VISIBILITY_PRIVATE && m.namespace == "" {
		return nil, preconditionf("visibility: organization %q has no public namespace; set one before making module %q public", m.orgID, m.id)
	}
	for i, model := range req.GetModels() {
		if model.GetApi() == "" || model.GetModel() == "" {
			return nil, invalidArgf("models[%d]: api and model are required", i)
		}
	}
	if err := s.checkApps(ctx, m, req.GetApps()); err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if err := s.updateModule(ctx, tx, m.id, vis, req.GetUrl(), req.GetDescription(), req.GetModels(), req.GetEntrypoint(), req.GetApps()); err != nil {
			return err
		}
		return touchItem(ctx, tx, m.id, s.clock.Now().UnixNano())
	})
	if err != nil {
		return nil, storageError("update module", err)
	}
	return &apppb.UpdateModuleResponse{Url: moduleURL(m.id)}, nil
}

// UploadModuleFile receives module_file_info first, then the file in
// chunks, and stores the file with its size and SHA-256.
func (s *service) UploadModuleFile(stream apppb.AppService_UploadModuleFileServer) error {
	ctx := stream.Context()
	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return invalidArgf("module_file_info: the first message must carry module_file_info; the stream was empty")
	}
	if err != nil {
		return err
	}
	info := first.GetModuleFileInfo()
	if info == nil {
		return invalidArgf("module_file_info: the first message must carry module_file_info, not file bytes")
	}
	m, err := s.requireModule(ctx, "module_file_info.module_id", info.GetModuleId(), permWritePrivateRegistry)
	if err != nil {
		return err
	}
	if err := checkVersion("module_file_info.version", info.GetVersion()); err != nil {
		return err
	}
	if info.GetPlatform() == "" {
		return invalidArgf("module_file_info.platform: a platform such as linux/amd64 is required")
	}
	var data []byte
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if msg.GetModuleFileInfo() != nil {
			return invalidArgf("module_file_info: send it once, in the first message only")
		}
		if len(data)+len(msg.GetFile()) > maxModuleFile {
			return invalidArgf("file: larger than the %d MiB the local fleet accepts", maxModuleFile>>20)
		}
		data = append(data, msg.GetFile()...)
	}
	if len(data) == 0 {
		return invalidArgf("file: no file bytes were sent after module_file_info")
	}
	sum := sha256.Sum256(data)
	now := s.clock.Now().UnixNano()
	err = inTx(ctx, s.db, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO module_files (module_id, version, platform, platform_tags, size, sha256, data, uploaded_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.id, info.GetVersion(), info.GetPlatform(), strings.Join(info.GetPlatformTags(), ","),
			len(data), hex.EncodeToString(sum[:]), data, now)
		if err != nil {
			return err
		}
		return touchItem(ctx, tx, m.id, now)
	})
	if isUniqueViolation(err) {
		return alreadyExistsf("module_file_info.version: module %q already has version %s for %s; upload a new version", m.id, info.GetVersion(), info.GetPlatform())
	}
	if err != nil {
		return storageError("store module file", err)
	}
	return stream.SendAndClose(&apppb.UploadModuleFileResponse{Url: moduleURL(m.id)})
}

// checkVersion accepts a semantic version: three dot-separated numbers,
// optionally followed by a pre-release suffix.
func checkVersion(field, v string) error {
	core, _, _ := strings.Cut(v, "-")
	parts := strings.Split(core, ".")
	ok := len(parts) == 3
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			ok = false
		}
	}
	if !ok {
		return invalidArgf("%s: %q is not a semantic version like 1.2.3", field, v)
	}
	return nil
}

// GetModule returns a module: public ones to anyone, private ones to those
// who may read the organization's private registry items.
func (s *service) GetModule(ctx context.Context, req *apppb.GetModuleRequest) (*apppb.GetModuleResponse, error) {
	if err := checkItemID("module_id", req.GetModuleId()); err != nil {
		return nil, err
	}
	r, err := s.loadModule(ctx, req.GetModuleId())
	if err != nil {
		return nil, err
	}
	if r.vis == apppb.Visibility_VISIBILITY_PRIVATE {
		if err := s.require(ctx, permReadPrivateRegistry, orgScope(r.orgID)); err != nil {
			return nil, err
		}
	}
	users, err := s.registryUsage(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.moduleOf(ctx, r, req.GetIncludeMarkdownDocumentation(), users)
	if err != nil {
		return nil, err
	}
	return &apppb.GetModuleResponse{Module: m}, nil
}

// ListModules lists every public module and the private ones of the
// organization given (when the caller may read them).
func (s *service) ListModules(ctx context.Context, req *apppb.ListModulesRequest) (*apppb.ListModulesResponse, error) {
	orgID := req.GetOrganizationId()
	if req.OrganizationId != nil {
		if err := checkUUID("organization_id", "organization", orgID); err != nil {
			return nil, err
		}
		if err := s.orgExists(ctx, s.db, orgID); err != nil {
			return nil, err
		}
	}
	rows, err := s.queryRegistryRows(ctx, "list modules", `WHERE m.type = ? AND (m.visibility != ? OR m.org_id = ?) ORDER BY m.id`,
		int32(typeModule), int32(apppb.Visibility_VISIBILITY_PRIVATE), orgID)
	if err != nil {
		return nil, err
	}
	users, err := s.registryUsage(ctx)
	if err != nil {
		return nil, err
	}
	var mods []*apppb.Module
	for _, r := range rows {
		if r.vis == apppb.Visibility_VISIBILITY_PRIVATE && !s.can(ctx, permReadPrivateRegistry, orgScope(r.orgID)) {
			continue
		}
		m, err := s.moduleOf(ctx, r, req.GetIncludeMarkdownDocumentation(), users)
		if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	return &apppb.ListModulesResponse{Modules: mods}, nil
}
