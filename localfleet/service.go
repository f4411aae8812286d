package localfleet

import (
	"context"
	"database/sql"
	"log/slog"

	apppb "go.viam.com/api/app/v1"
)

// service holds the fleet's state and serves viam.app.v1.AppService. Every
// RPC it does not implement answers Unimplemented through the embedded
// UnimplementedAppServiceServer ("method X not implemented").
type service struct {
	apppb.UnimplementedAppServiceServer

	db     *store
	ids    *idSource
	clock  clock
	tokens *tokenSigner
	auth   *authCache
	robots *robotCache
	tails  *tailHub
	log    *slog.Logger
	done   chan struct{} // closed when the server stops: ends open tails
}

var _ apppb.AppServiceServer = (*service)(nil)

// callerInfo is the authenticated identity of a call: an API key, its
// organization and its grants.
type callerInfo struct {
	keyID  string
	orgID  string
	grants []grant
}

type callerCtxKey struct{}

func withCaller(ctx context.Context, c *callerInfo) context.Context {
	return context.WithValue(ctx, callerCtxKey{}, c)
}

// callerOf returns the call's identity. The auth interceptor guarantees one
// for every AppService call; an empty one (no grants) stands in otherwise so
// that a missing interceptor fails closed.
func callerOf(ctx context.Context) *callerInfo {
	if c, ok := ctx.Value(callerCtxKey{}).(*callerInfo); ok {
		return c
	}
	return &callerInfo{}
}

// require fails with PermissionDenied unless the caller holds perm on sc.
func (s *service) require(ctx context.Context, perm string, sc scope) error {
	if holds(callerOf(ctx).grants, perm, sc) {
		return nil
	}
	return permissionDenied(perm, sc)
}

// can reports whether the caller holds perm on sc.
func (s *service) can(ctx context.Context, perm string, sc scope) bool {
	return holds(callerOf(ctx).grants, perm, sc)
}

// hasAnyGrantIn reports whether the caller holds any grant in the
// organization: enough to list what in it the caller may see.
func (s *service) hasAnyGrantIn(ctx context.Context, orgID string) bool {
	for _, g := range callerOf(ctx).grants {
		if g.orgID == orgID {
			return true
		}
	}
	return false
}

// requireListingIn validates the organization id field of a listing and
// checks that the organization exists and that the caller holds some grant
// in it; what the listing shows is then filtered per resource. perm is
// what a denial says the caller lacks.
func (s *service) requireListingIn(ctx context.Context, field, orgID, perm string) error {
	if err := checkUUID(field, "organization", orgID); err != nil {
		return err
	}
	if err := s.orgExists(ctx, s.db, orgID); err != nil {
		return err
	}
	if !s.hasAnyGrantIn(ctx, orgID) {
		return permissionDenied(perm, orgScope(orgID))
	}
	return nil
}

// locationScope returns the scope of an existing location, NotFound otherwise.
func (s *service) locationScope(ctx context.Context, q querier, locationID string) (scope, error) {
	ch, ok, err := s.auth.chain(ctx, q, locationID)
	if err != nil {
		return scope{}, storageError("look up location", err)
	}
	if !ok {
		return scope{}, notFound("location", locationID)
	}
	return scope{kind: resourceLocation, id: locationID, orgID: ch.orgID, locations: ch.ids, sharedWith: ch.shared}, nil
}

// robotScope returns the scope of a machine in the given location.
func (s *service) robotScope(ctx context.Context, q querier, robotID, locationID string) (scope, error) {
	sc, err := s.locationScope(ctx, q, locationID)
	if err != nil {
		return scope{}, err
	}
	sc.kind, sc.id = resourceRobot, robotID
	return sc, nil
}

// orgExists returns NotFound unless the organization exists.
func (s *service) orgExists(ctx context.Context, q querier, orgID string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM organizations WHERE id = ?`, orgID).Scan(&one)
	if err == sql.ErrNoRows {
		return notFound("organization", orgID)
	}
	if err != nil {
		return storageError("look up organization", err)
	}
	return nil
}

// requireOrg checks that the organization exists and that the caller holds
// perm on it.
func (s *service) requireOrg(ctx context.Context, perm, orgID string) error {
	if err := s.orgExists(ctx, s.db, orgID); err != nil {
		return err
	}
	return s.require(ctx, perm, orgScope(orgID))
}

// requireOrgField validates an organization id field, checks the organization
// exists and that the caller holds perm on it, and returns the id.
func (s *service) requireOrgField(ctx context.Context, field, id, perm string) (string, error) {
	if err := checkUUID(field, "organization", id); err != nil {
		return "", err
	}
	return id, s.requireOrg(ctx, perm, id)
}
