package localfleet

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// maxModuleFile bounds an uploaded module file; it is held in memory while
// it arrives and then stored in the database.
const maxModuleFile = 256 << 20

const moduleSelect = `SELECT m.id, m.name, m.visibility, m.url, m.description, m.models, m.entrypoint, m.org_id,
	COALESCE(o.public_namespace, '')
FROM modules m JOIN organizations o ON o.id = m.org_id`

func moduleURL(moduleID string) string {
	return "https://app.viam.com/module/" + strings.Replace(moduleID, ":", "/", 1)
}

// checkModuleName accepts lowercase letters, digits, dashes and underscores,
// as the registry does.
func checkModuleName(field, name string) error {
	if name == "" {
		return invalidArgf("%s: a module name is required", field)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return invalidArgf("%s: %q may only contain lowercase letters, digits, dashes and underscores", field, name)
		}
	}
	return nil
}

func (s *service) insertModule(ctx context.Context, tx *txn, orgID, namespace, name string) (string, error) {
	prefix := namespace
	if prefix == "" {
		prefix = orgID
	}
	id := prefix + ":" + name
	_, err := tx.ExecContext(ctx, `INSERT INTO modules (id, org_id, name, visibility, url, description, entrypoint, created_on)
VALUES (?, ?, ?, ?, '', '', '', ?)`, id, orgID, name, int32(apppb.Visibility_VISIBILITY_PRIVATE), s.clock.Now().UnixNano())
	if isUniqueViolation(err) {
		return "", alreadyExistsf("name: module %q already exists", id)
	}
	if err != nil {
		return "", fmt.Errorf("insert module %q: %w", id, err)
	}
	return id, nil
}

func (s *service) updateModule(ctx context.Context, q querier, id string, vis apppb.Visibility, url, description string, models []*apppb.Model, entrypoint string, apps []*apppb.App) error {
	blob, err := proto.Marshal(&apppb.UpdateModuleMetadata{Models: models, Apps: apps})
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

// loadModule returns a module with its versions, NotFound if unknown.
func (s *service) loadModule(ctx context.Context, id string) (*apppb.Module, error) {
	m, err := scanModule(s.db.QueryRowContext(ctx, moduleSelect+` WHERE m.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("module", id)
	}
	if err != nil {
		return nil, storageError("get module", err)
	}
	if err := s.fillVersions(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

func scanModule(row interface{ Scan(...any) error }) (*apppb.Module, error) {
	var (
		m      apppb.Module
		vis    int32
		models []byte
	)
	if err := row.Scan(&m.ModuleId, &m.Name, &vis, &m.Url, &m.Description, &models, &m.Entrypoint, &m.OrganizationId, &m.PublicNamespace); err != nil {
		return nil, err
	}
	m.Visibility = apppb.Visibility(vis)
	var meta apppb.UpdateModuleMetadata
	if err := proto.Unmarshal(models, &meta); err != nil {
		return nil, fmt.Errorf("module %q models: %w", m.ModuleId, err)
	}
	m.Models, m.Apps = meta.Models, meta.Apps
	return &m, nil
}

// fillVersions adds the uploaded versions, oldest first, each with the
// platforms uploaded for it.
func (s *service) fillVersions(ctx context.Context, m *apppb.Module) error {
	rows, err := s.db.QueryContext(ctx, `SELECT version, platform, uploaded_on FROM module_files WHERE module_id = ? ORDER BY uploaded_on, rowid`, m.ModuleId)
	if err != nil {
		return storageError("list module versions", err)
	}
	defer rows.Close()
	byVersion := map[string]*apppb.VersionHistory{}
	for rows.Next() {
		var (
			version, platform string
			uploaded          int64
		)
		if err := rows.Scan(&version, &platform, &uploaded); err != nil {
			return storageError("list module versions", err)
		}
		v, ok := byVersion[version]
		if !ok {
			v = &apppb.VersionHistory{Version: version, Models: m.Models, Entrypoint: m.Entrypoint}
			byVersion[version] = v
			m.Versions = append(m.Versions, v)
		}
		v.Files = append(v.Files, &apppb.Uploads{Platform: platform, UploadedAt: timestamppb.New(nanos(uploaded))})
	}
	slices.SortStableFunc(m.Versions, func(a, b *apppb.VersionHistory) int { return compareSemver(a.Version, b.Version) })
	return rows.Err()
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
func (s *service) requireModule(ctx context.Context, field, id, perm string) (*apppb.Module, error) {
	if id == "" || !strings.Contains(id, ":") {
		return nil, invalidArgf("%s: %q is not a module id (want <namespace or organization id>:<name>)", field, id)
	}
	m, err := s.loadModule(ctx, id)
	if err != nil {
		return nil, err
	}
	return m, s.require(ctx, perm, orgScope(m.OrganizationId))
}

func (s *service) CreateModule(ctx context.Context, req *apppb.CreateModuleRequest) (*apppb.CreateModuleResponse, error) {
	orgID := req.GetOrganizationId()
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return nil, err
	}
	if err := checkModuleName("name", req.GetName()); err != nil {
		return nil, err
	}
	if err := s.requireOrg(ctx, permWritePrivateRegistry, orgID); err != nil {
		return nil, err
	}
	org, err := s.loadOrganization(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	var id string
	err = inTx(ctx, s.db, func(tx *txn) error {
		id, err = s.insertModule(ctx, tx, orgID, org.PublicNamespace, req.GetName())
		return err
	})
	if err != nil {
		return nil, storageError("create module", err)
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
	if vis != apppb.Visibility_VISIBILITY_PRIVATE && m.PublicNamespace == "" {
		return nil, preconditionf("visibility: organization %q has no public namespace; set one before making module %q public", m.OrganizationId, m.ModuleId)
	}
	for i, model := range req.GetModels() {
		if model.GetApi() == "" || model.GetModel() == "" {
			return nil, invalidArgf("models[%d]: api and model are required", i)
		}
	}
	if err := s.checkApps(ctx, m, req.GetApps()); err != nil {
		return nil, err
	}
	if err := s.updateModule(ctx, s.db, m.ModuleId, vis, req.GetUrl(), req.GetDescription(), req.GetModels(), req.GetEntrypoint(), req.GetApps()); err != nil {
		return nil, storageError("update module", err)
	}
	return &apppb.UpdateModuleResponse{Url: moduleURL(m.ModuleId)}, nil
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
	if err := checkVersion(info.GetVersion()); err != nil {
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
	_, err = s.db.ExecContext(ctx, `INSERT INTO module_files (module_id, version, platform, platform_tags, size, sha256, data, uploaded_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.ModuleId, info.GetVersion(), info.GetPlatform(), strings.Join(info.GetPlatformTags(), ","),
		len(data), hex.EncodeToString(sum[:]), data, s.clock.Now().UnixNano())
	if isUniqueViolation(err) {
		return alreadyExistsf("module_file_info.version: module %q already has version %s for %s; upload a new version", m.ModuleId, info.GetVersion(), info.GetPlatform())
	}
	if err != nil {
		return storageError("store module file", err)
	}
	return stream.SendAndClose(&apppb.UploadModuleFileResponse{Url: moduleURL(m.ModuleId)})
}

// checkVersion accepts a semantic version: three dot-separated numbers,
// optionally followed by a pre-release suffix.
func checkVersion(v string) error {
	core, _, _ := strings.Cut(v, "-")
	parts := strings.Split(core, ".")
	ok := len(parts) == 3
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			ok = false
		}
	}
	if !ok {
		return invalidArgf("module_file_info.version: %q is not a semantic version like 1.2.3", v)
	}
	return nil
}

// GetModule returns a module: public ones to anyone, private ones to those
// who may read the organization's private registry items.
func (s *service) GetModule(ctx context.Context, req *apppb.GetModuleRequest) (*apppb.GetModuleResponse, error) {
	if !strings.Contains(req.GetModuleId(), ":") {
		return nil, invalidArgf("module_id: %q is not a module id (want <namespace or organization id>:<name>)", req.GetModuleId())
	}
	m, err := s.loadModule(ctx, req.GetModuleId())
	if err != nil {
		return nil, err
	}
	if m.Visibility == apppb.Visibility_VISIBILITY_PRIVATE {
		if err := s.require(ctx, permReadPrivateRegistry, orgScope(m.OrganizationId)); err != nil {
			return nil, err
		}
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
	rows, err := s.db.QueryContext(ctx, moduleSelect+` WHERE m.visibility != ? OR m.org_id = ? ORDER BY m.id`,
		int32(apppb.Visibility_VISIBILITY_PRIVATE), orgID)
	if err != nil {
		return nil, storageError("list modules", err)
	}
	var mods []*apppb.Module
	for rows.Next() {
		m, err := scanModule(rows)
		if err != nil {
			rows.Close()
			return nil, storageError("list modules", err)
		}
		if m.Visibility != apppb.Visibility_VISIBILITY_PRIVATE || s.can(ctx, permReadPrivateRegistry, orgScope(m.OrganizationId)) {
			mods = append(mods, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("list modules", err)
	}
	for _, m := range mods {
		if err := s.fillVersions(ctx, m); err != nil {
			return nil, err
		}
	}
	return &apppb.ListModulesResponse{Modules: mods}, nil
}
