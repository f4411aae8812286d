package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestMembersAndInvites(t *testing.T) {
	f := demoFleet(t)
	resp, err := f.app.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Members) != 5 || len(resp.Invites) != 1 || resp.OrganizationId != f.orgID {
		t.Fatalf("ListOrganizationMembers: %d members, %d invites", len(resp.Members), len(resp.Invites))
	}
	if inv := resp.Invites[0]; inv.Email != "new.hire@demo-robotics.example" || len(inv.Authorizations) != 1 ||
		inv.Authorizations[0].AuthorizationId != "location_operator" {
		t.Fatalf("fixture invite = %v", inv)
	}

	lab := f.locationID("Lab")
	// No authorizations: the invitee would own the organization.
	inv, err := f.app.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	if err != nil || len(inv.Invite.Authorizations) != 1 || inv.Invite.Authorizations[0].AuthorizationId != "organization_owner" {
		t.Fatalf("CreateOrganizationInvite = %v, %v", inv, err)
	}
	_, err = f.app.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	wantCode(t, err, codes.AlreadyExists, "pending invite")
	_, err = f.app.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: f.orgID, Email: "maria.lopez@demo-robotics.example"})
	wantCode(t, err, codes.AlreadyExists, "already a member")
	_, err = f.app.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: f.orgID, Email: "not-an-email"})
	wantCode(t, err, codes.InvalidArgument, "email")

	upd, err := f.app.UpdateOrganizationInviteAuthorizations(ctx, &apppb.UpdateOrganizationInviteAuthorizationsRequest{
		OrganizationId:       f.orgID,
		Email:                "a@example.com",
		AddAuthorizations:    []*apppb.Authorization{f.auth("operator", "location", lab)},
		RemoveAuthorizations: []*apppb.Authorization{f.auth("owner", "organization", f.orgID)},
	})
	if err != nil || len(upd.Invite.Authorizations) != 1 || upd.Invite.Authorizations[0].ResourceId != lab {
		t.Fatalf("UpdateOrganizationInviteAuthorizations = %v, %v", upd, err)
	}
	_, err = f.app.UpdateOrganizationInviteAuthorizations(ctx, &apppb.UpdateOrganizationInviteAuthorizationsRequest{
		OrganizationId: f.orgID, Email: "a@example.com", RemoveAuthorizations: []*apppb.Authorization{f.auth("operator", "location", lab)},
	})
	wantCode(t, err, codes.FailedPrecondition, "delete the invite instead")
	_, err = f.app.UpdateOrganizationInviteAuthorizations(ctx, &apppb.UpdateOrganizationInviteAuthorizationsRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	wantCode(t, err, codes.InvalidArgument, "at least one")
	_, err = f.app.UpdateOrganizationInviteAuthorizations(ctx, &apppb.UpdateOrganizationInviteAuthorizationsRequest{
		OrganizationId: f.orgID, Email: "nobody@example.com", AddAuthorizations: []*apppb.Authorization{f.auth("operator", "location", lab)},
	})
	wantCode(t, err, codes.NotFound, "nobody@example.com")

	resent, err := f.app.ResendOrganizationInvite(ctx, &apppb.ResendOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	if err != nil || resent.Invite.Email != "a@example.com" {
		t.Fatalf("ResendOrganizationInvite = %v, %v", resent, err)
	}
	if _, err := f.app.DeleteOrganizationInvite(ctx, &apppb.DeleteOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.DeleteOrganizationInvite(ctx, &apppb.DeleteOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	wantCode(t, err, codes.NotFound, "a@example.com")
	_, err = f.app.ResendOrganizationInvite(ctx, &apppb.ResendOrganizationInviteRequest{OrganizationId: f.orgID, Email: "a@example.com"})
	wantCode(t, err, codes.NotFound, "a@example.com")

	// Removing a member removes their grants too.
	userID := resp.Members[1].UserId
	if _, err := f.app.DeleteOrganizationMember(ctx, &apppb.DeleteOrganizationMemberRequest{OrganizationId: f.orgID, UserId: userID}); err != nil {
		t.Fatal(err)
	}
	auths, err := f.app.ListAuthorizations(ctx, &apppb.ListAuthorizationsRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range auths.Authorizations {
		if a.IdentityId == userID {
			t.Fatalf("grant of a removed member remains: %v", a)
		}
	}
	_, err = f.app.DeleteOrganizationMember(ctx, &apppb.DeleteOrganizationMemberRequest{OrganizationId: f.orgID, UserId: userID})
	wantCode(t, err, codes.NotFound, "member")
	_, err = f.app.DeleteOrganizationMember(ctx, &apppb.DeleteOrganizationMemberRequest{OrganizationId: f.orgID, UserId: "me"})
	wantCode(t, err, codes.InvalidArgument, "user_id")
}
