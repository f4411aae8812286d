package localfleet

import (
	"context"
	"slices"
	"strings"

	apppb "go.viam.com/api/app/v1"
)

// ListRegistryItems lists the public items of every organization and,
// when organization_id is given, that organization's own items of any
// visibility (its private and unlisted ones only to callers who may read
// them; to others they are silently left out, as ListModules does).
// Deprecated items are left out, except the organization's own with
// show_owned_deprecated. Empty filters do not filter; the others keep:
//
//   - types, visibilities, public_namespaces: items with one of those;
//   - platforms: items with a version uploaded for one of those platforms;
//   - statuses: PUBLISHED items have an uploaded version, the others are
//     IN_DEVELOPMENT;
//   - module_source_types, module_languages: modules with one of those set;
//   - search_term: a case-insensitive substring of the id, name or
//     description.
//
// Items come in one response ordered by id. The response has no next page
// token, so the fleet issues none and refuses any page_token but "".
func (s *service) ListRegistryItems(ctx context.Context, req *apppb.ListRegistryItemsRequest) (*apppb.ListRegistryItemsResponse, error) {
	orgID := req.GetOrganizationId()
	if orgID != "" {
		if err := checkUUID("organization_id", "organization", orgID); err != nil {
			return nil, err
		}
		if err := s.orgExists(ctx, s.db, orgID); err != nil {
			return nil, err
		}
	}
	if err := checkListFilters(req); err != nil {
		return nil, err
	}
	rows, err := s.queryRegistryRows(ctx, "list registry items", `WHERE m.visibility = ? OR m.org_id = ? ORDER BY m.id`,
		int32(apppb.Visibility_VISIBILITY_PUBLIC), orgID)
	if err != nil {
		return nil, err
	}
	users, err := s.registryUsage(ctx)
	if err != nil {
		return nil, err
	}
	readOwn := orgID != "" && s.can(ctx, permReadPrivateRegistry, orgScope(orgID))
	resp := &apppb.ListRegistryItemsResponse{}
	for _, r := range rows {
		own := r.orgID == orgID
		switch {
		case own && r.vis != apppb.Visibility_VISIBILITY_PUBLIC && !readOwn:
			continue
		case r.deprecated != nil && !(own && req.GetShowOwnedDeprecated()):
			continue
		case !rowMatches(r, req):
			continue
		}
		item, err := s.registryItemOf(ctx, r, req.GetIncludeMarkdownDocumentation(), users)
		if err != nil {
			return nil, err
		}
		if versionsMatch(item.GetModuleMetadata().GetVersions(), req) {
			resp.Items = append(resp.Items, item)
		}
	}
	return resp, nil
}

func checkListFilters(req *apppb.ListRegistryItemsRequest) error {
	if req.GetPageToken() != "" {
		return invalidArgf("page_token: the local fleet lists every item in one response and issues no page tokens; send \"\"")
	}
	checks := []error{
		checkEnums("types", req.GetTypes()),
		checkEnums("visibilities", req.GetVisibilities()),
		checkEnums("statuses", req.GetStatuses()),
		checkEnums("module_source_types", req.GetModuleSourceTypes()),
		checkEnums("module_languages", req.GetModuleLanguages()),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

// anyOf reports whether a filter keeps v: an empty filter keeps everything.
func anyOf[E comparable](filter []E, v E) bool {
	return len(filter) == 0 || slices.Contains(filter, v)
}

// rowMatches applies the filters that need no versions.
func rowMatches(r *registryRow, req *apppb.ListRegistryItemsRequest) bool {
	if !anyOf(req.GetTypes(), r.typ) || !anyOf(req.GetVisibilities(), r.vis) || !anyOf(req.GetPublicNamespaces(), r.namespace) {
		return false
	}
	if len(req.GetModuleSourceTypes()) > 0 || len(req.GetModuleLanguages()) > 0 {
		meta := r.module
		if r.typ != typeModule ||
			(len(req.GetModuleSourceTypes()) > 0 && (meta.SourceType == nil || !anyOf(req.GetModuleSourceTypes(), meta.GetSourceType()))) ||
			(len(req.GetModuleLanguages()) > 0 && (meta.Language == nil || !anyOf(req.GetModuleLanguages(), meta.GetLanguage()))) {
			return false
		}
	}
	if term := strings.ToLower(req.GetSearchTerm()); term != "" {
		return strings.Contains(strings.ToLower(r.id+"\n"+r.name+"\n"+r.description), term)
	}
	return true
}

// versionsMatch applies the platform and status filters.
func versionsMatch(versions []*apppb.ModuleVersion, req *apppb.ListRegistryItemsRequest) bool {
	status := apppb.RegistryItemStatus_REGISTRY_ITEM_STATUS_IN_DEVELOPMENT
	if len(versions) > 0 {
		status = apppb.RegistryItemStatus_REGISTRY_ITEM_STATUS_PUBLISHED
	}
	if !anyOf(req.GetStatuses(), status) {
		return false
	}
	if len(req.GetPlatforms()) == 0 {
		return true
	}
	for _, v := range versions {
		for _, f := range v.GetFiles() {
			if slices.Contains(req.GetPlatforms(), f.GetPlatform()) {
				return true
			}
		}
	}
	return false
}
