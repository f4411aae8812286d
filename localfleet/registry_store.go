package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The registry catalogue. Modules are registry items of type
// PACKAGE_TYPE_MODULE, so every item, of any type, is a row of the modules
// table (a schema step added the type and the other registry columns):
// GetModule and GetRegistryItem read the same rows.

const registrySelect = `SELECT m.id, m.org_id, COALESCE(o.public_namespace, ''), m.name, m.type, m.visibility,
	m.url, m.description, m.models, m.entrypoint, m.markdown, m.ml_metadata, m.billing,
	m.created_on, m.updated_on, m.deprecated_on, m.deprecation_message
FROM modules m JOIN organizations o ON o.id = m.org_id`

const typeModule = packagespb.PackageType_PACKAGE_TYPE_MODULE

// registryRow is one stored registry item.
type registryRow struct {
	id, orgID, namespace, name string
	typ                        packagespb.PackageType
	vis                        apppb.Visibility
	url, description           string
	entrypoint                 string
	markdown                   *string
	module                     *apppb.UpdateModuleMetadata     // models, apps, source type, language; modules only
	ml                         *apppb.UpdateMLTrainingMetadata // model type and framework (and draft); ML items only
	billing                    *apppb.RegistryItemBilling
	created, updated           *timestamppb.Timestamp
	deprecated                 *apppb.DeprecatedStatus
}

func scanRegistryRow(row interface{ Scan(...any) error }) (*registryRow, error) {
	var (
		r                   registryRow
		typ, vis            int32
		models, ml, billing []byte
		markdown            sql.NullString
		created, updated    int64
		deprecatedOn        sql.NullInt64
		deprecationMsg      string
	)
	err := row.Scan(&r.id, &r.orgID, &r.namespace, &r.name, &typ, &vis, &r.url, &r.description, &models, &r.entrypoint,
		&markdown, &ml, &billing, &created, &updated, &deprecatedOn, &deprecationMsg)
	if err != nil {
		return nil, err
	}
	r.typ, r.vis = packagespb.PackageType(typ), apppb.Visibility(vis)
	r.created, r.updated = timestamppb.New(nanos(created)), timestamppb.New(nanos(updated))
	if markdown.Valid {
		r.markdown = &markdown.String
	}
	r.module = &apppb.UpdateModuleMetadata{}
	if err := proto.Unmarshal(models, r.module); err != nil {
		return nil, fmt.Errorf("registry item %q module metadata: %w", r.id, err)
	}
	if ml != nil {
		r.ml = &apppb.UpdateMLTrainingMetadata{}
		if err := proto.Unmarshal(ml, r.ml); err != nil {
			return nil, fmt.Errorf("registry item %q ML metadata: %w", r.id, err)
		}
	}
	if billing != nil {
		r.billing = &apppb.RegistryItemBilling{}
		if err := proto.Unmarshal(billing, r.billing); err != nil {
			return nil, fmt.Errorf("registry item %q billing: %w", r.id, err)
		}
	}
	if deprecatedOn.Valid {
		r.deprecated = &apppb.DeprecatedStatus{DeprecatedAt: timestamppb.New(nanos(deprecatedOn.Int64)), Message: deprecationMsg}
	}
	return &r, nil
}

// loadRegistryRow returns a stored item, NotFound (naming kind) if unknown.
func (s *service) loadRegistryRow(ctx context.Context, q querier, kind, id string) (*registryRow, error) {
	r, err := scanRegistryRow(q.QueryRowContext(ctx, registrySelect+` WHERE m.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound(kind, id)
	}
	if err != nil {
		return nil, storageError("get "+kind, err)
	}
	return r, nil
}

// queryRegistryRows reads every row a query selects. The rows are closed
// before it returns: the database has one connection, so no other query
// may run while they are open.
func (s *service) queryRegistryRows(ctx context.Context, op, where string, args ...any) ([]*registryRow, error) {
	rows, err := s.db.QueryContext(ctx, registrySelect+" "+where, args...)
	if err != nil {
		return nil, storageError(op, err)
	}
	defer rows.Close()
	var out []*registryRow
	for rows.Next() {
		r, err := scanRegistryRow(rows)
		if err != nil {
			return nil, storageError(op, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError(op, err)
	}
	return out, nil
}

// loadVersions returns the versions uploaded for an item, ordered by
// semantic version, each with its files (oldest first) and deprecation.
// Every version carries the item's current models and entrypoint, since
// the fleet keeps one set of metadata per item.
func (s *service) loadVersions(ctx context.Context, r *registryRow) ([]*apppb.ModuleVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.version, f.platform, f.uploaded_on, d.deprecated_on, COALESCE(d.message, '')
FROM module_files f LEFT JOIN registry_version_deprecations d ON d.item_id = f.module_id AND d.version = f.version
WHERE f.module_id = ? ORDER BY f.uploaded_on, f.rowid`, r.id)
	if err != nil {
		return nil, storageError("list versions", err)
	}
	defer rows.Close()
	var (
		out       []*apppb.ModuleVersion
		byVersion = map[string]*apppb.ModuleVersion{}
	)
	for rows.Next() {
		var (
			version, platform, message string
			uploaded                   int64
			deprecatedOn               sql.NullInt64
		)
		if err := rows.Scan(&version, &platform, &uploaded, &deprecatedOn, &message); err != nil {
			return nil, storageError("list versions", err)
		}
		v, ok := byVersion[version]
		if !ok {
			v = &apppb.ModuleVersion{Version: version, Models: r.module.GetModels(), Entrypoint: r.entrypoint, Apps: r.module.GetApps()}
			if deprecatedOn.Valid {
				v.DeprecatedStatus = &apppb.DeprecatedStatus{DeprecatedAt: timestamppb.New(nanos(deprecatedOn.Int64)), Message: message}
			}
			byVersion[version] = v
			out = append(out, v)
		}
		v.Files = append(v.Files, &apppb.Uploads{Platform: platform, UploadedAt: timestamppb.New(nanos(uploaded))})
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list versions", err)
	}
	slices.SortStableFunc(out, func(a, b *apppb.ModuleVersion) int { return compareSemver(a.Version, b.Version) })
	return out, nil
}

// registryItem is the row as the registry shows it.
func (r *registryRow) registryItem(versions []*apppb.ModuleVersion, u itemUsage) *apppb.RegistryItem {
	item := &apppb.RegistryItem{
		ItemId:                         r.id,
		OrganizationId:                 r.orgID,
		PublicNamespace:                r.namespace,
		Name:                           r.name,
		Type:                           r.typ,
		Visibility:                     r.vis,
		Url:                            r.url,
		Description:                    r.description,
		TotalRobotUsage:                u.robots,
		TotalExternalRobotUsage:        u.externalRobots,
		TotalOrganizationUsage:         u.orgs,
		TotalExternalOrganizationUsage: u.externalOrgs,
		CreatedAt:                      r.created,
		UpdatedAt:                      r.updated,
		DeprecatedStatus:               r.deprecated,
		Billing:                        r.billing,
	}
	switch r.typ {
	case typeModule:
		item.Metadata = &apppb.RegistryItem_ModuleMetadata{ModuleMetadata: &apppb.ModuleMetadata{
			Models:               r.module.GetModels(),
			Versions:             versions,
			Entrypoint:           r.entrypoint,
			MarkdownDescription:  r.markdown,
			Apps:                 r.module.GetApps(),
			SourceType:           r.module.SourceType,
			Language:             r.module.Language,
			MinViamServerVersion: r.module.MinViamServerVersion,
		}}
	case packagespb.PackageType_PACKAGE_TYPE_ML_MODEL:
		item.Metadata = &apppb.RegistryItem_MlModelMetadata{MlModelMetadata: &apppb.MLModelMetadata{
			ModelType: r.ml.GetModelType(), ModelFramework: r.ml.GetModelFramework(),
		}}
	case packagespb.PackageType_PACKAGE_TYPE_ML_TRAINING:
		item.Metadata = &apppb.RegistryItem_MlTrainingMetadata{MlTrainingMetadata: &apppb.MLTrainingMetadata{
			ModelType: r.ml.GetModelType(), ModelFramework: r.ml.GetModelFramework(), Draft: r.ml.GetDraft(),
		}}
	}
	return item
}

// moduleMessage is the row as the module RPCs show it.
func (r *registryRow) moduleMessage(versions []*apppb.ModuleVersion, u itemUsage) *apppb.Module {
	m := &apppb.Module{
		ModuleId:               r.id,
		Name:                   r.name,
		Visibility:             r.vis,
		Url:                    r.url,
		Description:            r.description,
		Models:                 r.module.GetModels(),
		TotalRobotUsage:        u.robots,
		TotalOrganizationUsage: u.orgs,
		OrganizationId:         r.orgID,
		Entrypoint:             r.entrypoint,
		PublicNamespace:        r.namespace,
		MarkdownDescription:    r.markdown,
		Apps:                   r.module.GetApps(),
		DeprecatedStatus:       r.deprecated,
	}
	for _, v := range versions {
		m.Versions = append(m.Versions, &apppb.VersionHistory{
			Version: v.Version, Files: v.Files, Models: v.Models, Entrypoint: v.Entrypoint,
			Apps: v.Apps, DeprecatedStatus: v.DeprecatedStatus,
		})
	}
	return m
}

// withoutMarkdown drops the markdown documentation that callers get only
// when they ask for it (include_markdown_documentation).
func (r *registryRow) withoutMarkdown() *registryRow {
	c := *r
	c.markdown = nil
	if r.module != nil {
		c.module = proto.CloneOf(r.module)
		for _, m := range c.module.Models {
			m.MarkdownDocumentation = nil
		}
	}
	return &c
}

// itemKind names a package type in messages.
func itemKind(t packagespb.PackageType) string {
	switch t {
	case typeModule:
		return "module"
	case packagespb.PackageType_PACKAGE_TYPE_ML_MODEL:
		return "ML model"
	case packagespb.PackageType_PACKAGE_TYPE_ML_TRAINING:
		return "ML training script"
	case packagespb.PackageType_PACKAGE_TYPE_SLAM_MAP:
		return "SLAM map"
	case packagespb.PackageType_PACKAGE_TYPE_ARCHIVE:
		return "archive"
	}
	return "registry item"
}

// aKind is itemKind with its indefinite article.
func aKind(t packagespb.PackageType) string {
	kind := itemKind(t)
	if strings.HasPrefix(kind, "ML") || strings.HasPrefix(kind, "archive") {
		return "an " + kind
	}
	return "a " + kind
}

// insertRegistryItem stores a new private item and returns its id:
// "<namespace>:<name>", or "<organization id>:<name>" for an organization
// without a public namespace.
func (s *service) insertRegistryItem(ctx context.Context, tx *txn, orgID, namespace, name string, typ packagespb.PackageType) (string, error) {
	prefix := namespace
	if prefix == "" {
		prefix = orgID
	}
	id := prefix + ":" + name
	now := s.clock.Now().UnixNano()
	_, err := tx.ExecContext(ctx, `INSERT INTO modules (id, org_id, name, type, visibility, url, description, entrypoint, created_on, updated_on)
VALUES (?, ?, ?, ?, ?, '', '', '', ?, ?)`, id, orgID, name, int32(typ), int32(apppb.Visibility_VISIBILITY_PRIVATE), now, now)
	if isUniqueViolation(err) {
		return "", alreadyExistsf("name: %s %q already exists", itemKind(typ), id)
	}
	if err != nil {
		return "", fmt.Errorf("insert %s %q: %w", itemKind(typ), id, err)
	}
	return id, nil
}

// touchItem records a change to an item made by the module RPCs.
func touchItem(ctx context.Context, q querier, id string, now int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE modules SET updated_on = ? WHERE id = ?`, now, id); err != nil {
		return fmt.Errorf("touch registry item %q: %w", id, err)
	}
	return nil
}

// loadModuleMeta returns the stored module metadata of an item (empty for
// an item that has none yet).
func loadModuleMeta(ctx context.Context, q querier, id string) (*apppb.UpdateModuleMetadata, error) {
	var blob []byte
	if err := q.QueryRowContext(ctx, `SELECT models FROM modules WHERE id = ?`, id).Scan(&blob); err != nil {
		return nil, fmt.Errorf("read module %q metadata: %w", id, err)
	}
	meta := &apppb.UpdateModuleMetadata{}
	if err := proto.Unmarshal(blob, meta); err != nil {
		return nil, fmt.Errorf("decode module %q metadata: %w", id, err)
	}
	return meta, nil
}

// checkItemID validates the form of a registry item id.
func checkItemID(field, id string) error {
	prefix, name, ok := strings.Cut(id, ":")
	if !ok || prefix == "" || name == "" {
		return invalidArgf("%s: %q is not a registry item id (want <namespace or organization id>:<name>)", field, id)
	}
	return nil
}

// checkModuleName is checkItemName for modules (and the apps they declare).
func checkModuleName(field, name string) error { return checkItemName(field, typeModule, name) }

// checkItemName accepts lowercase letters, digits, dashes and underscores,
// as the registry does for the names in item ids.
func checkItemName(field string, typ packagespb.PackageType, name string) error {
	if name == "" {
		return invalidArgf("%s: %s name is required", field, aKind(typ))
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return invalidArgf("%s: %q may only contain lowercase letters, digits, dashes and underscores", field, name)
		}
	}
	return nil
}
