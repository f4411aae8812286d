package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/structpb"
)

// User-defined metadata: one free-form Struct per organization, location,
// machine and part, stored on the resource's own row. An update replaces
// the whole Struct (the SDKs send the whole dict); an empty or absent one
// clears it, and a resource that never had any reads as an empty Struct.
// Reading needs what reading the resource needs (operators too: metadata
// describes a resource, it is not its config); writing needs ownership.

// metadataTable is a table with a metadata column. Only these constants are
// ever put into SQL text.
type metadataTable struct {
	table string // "organizations", ...
	kind  string // "organization", ... for messages
}

var (
	orgMetadata      = metadataTable{"organizations", "organization"}
	locationMetadata = metadataTable{"locations", "location"}
	robotMetadata    = metadataTable{"robots", "machine"}
	partMetadata     = metadataTable{"parts", "part"}
)

// get returns the resource's metadata, empty when it has none.
func (m metadataTable) get(ctx context.Context, q querier, id string) (*structpb.Struct, error) {
	var blob []byte
	err := q.QueryRowContext(ctx, `SELECT metadata FROM `+m.table+` WHERE id = ?`, id).Scan(&blob)
	if err == sql.ErrNoRows { // deleted since the permission check
		return nil, notFound(m.kind, id)
	}
	if err != nil {
		return nil, storageError("get "+m.kind+" metadata", err)
	}
	data, err := decodeStruct(blob)
	if err != nil {
		return nil, storageError("get "+m.kind+" metadata", fmt.Errorf("%s %q: %w", m.kind, id, err))
	}
	if data == nil {
		data = &structpb.Struct{}
	}
	return data, nil
}

// set replaces the resource's metadata.
func (m metadataTable) set(ctx context.Context, q querier, id string, data *structpb.Struct) error {
	var blob []byte
	if len(data.GetFields()) > 0 {
		var err error
		if blob, err = encodeStruct(data); err != nil {
			return invalidArgf("data: %v", err)
		}
	}
	res, err := q.ExecContext(ctx, `UPDATE `+m.table+` SET metadata = ? WHERE id = ?`, blob, id)
	if err != nil {
		return storageError("update "+m.kind+" metadata", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound(m.kind, id)
	}
	return nil
}

func (s *service) GetOrganizationMetadata(ctx context.Context, req *apppb.GetOrganizationMetadataRequest) (*apppb.GetOrganizationMetadataResponse, error) {
	id, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permReadOrganization)
	if err != nil {
		return nil, err
	}
	data, err := orgMetadata.get(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return &apppb.GetOrganizationMetadataResponse{Data: data}, nil
}

func (s *service) UpdateOrganizationMetadata(ctx context.Context, req *apppb.UpdateOrganizationMetadataRequest) (*apppb.UpdateOrganizationMetadataResponse, error) {
	id, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	if err := orgMetadata.set(ctx, s.db, id, req.GetData()); err != nil {
		return nil, err
	}
	return &apppb.UpdateOrganizationMetadataResponse{}, nil
}

func (s *service) GetLocationMetadata(ctx context.Context, req *apppb.GetLocationMetadataRequest) (*apppb.GetLocationMetadataResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permReadLocation)
	if err != nil {
		return nil, err
	}
	data, err := locationMetadata.get(ctx, s.db, sc.id)
	if err != nil {
		return nil, err
	}
	return &apppb.GetLocationMetadataResponse{Data: data}, nil
}

func (s *service) UpdateLocationMetadata(ctx context.Context, req *apppb.UpdateLocationMetadataRequest) (*apppb.UpdateLocationMetadataResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	if err := locationMetadata.set(ctx, s.db, sc.id, req.GetData()); err != nil {
		return nil, err
	}
	return &apppb.UpdateLocationMetadataResponse{}, nil
}

func (s *service) GetRobotMetadata(ctx context.Context, req *apppb.GetRobotMetadataRequest) (*apppb.GetRobotMetadataResponse, error) {
	_, sc, err := s.requireRobot(ctx, "id", req.GetId(), permReadRobot)
	if err != nil {
		return nil, err
	}
	data, err := robotMetadata.get(ctx, s.db, sc.id)
	if err != nil {
		return nil, err
	}
	return &apppb.GetRobotMetadataResponse{Data: data}, nil
}

func (s *service) UpdateRobotMetadata(ctx context.Context, req *apppb.UpdateRobotMetadataRequest) (*apppb.UpdateRobotMetadataResponse, error) {
	_, sc, err := s.requireRobot(ctx, "id", req.GetId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := robotMetadata.set(ctx, s.db, sc.id, req.GetData()); err != nil {
		return nil, err
	}
	return &apppb.UpdateRobotMetadataResponse{}, nil
}

// Part metadata is checked against the part's machine: the permissions
// of parts are their machine's.

func (s *service) GetRobotPartMetadata(ctx context.Context, req *apppb.GetRobotPartMetadataRequest) (*apppb.GetRobotPartMetadataResponse, error) {
	row, _, err := s.requirePart(ctx, "id", req.GetId(), permReadRobot)
	if err != nil {
		return nil, err
	}
	data, err := partMetadata.get(ctx, s.db, row.part.Id)
	if err != nil {
		return nil, err
	}
	return &apppb.GetRobotPartMetadataResponse{Data: data}, nil
}

func (s *service) UpdateRobotPartMetadata(ctx context.Context, req *apppb.UpdateRobotPartMetadataRequest) (*apppb.UpdateRobotPartMetadataResponse, error) {
	row, _, err := s.requirePart(ctx, "id", req.GetId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := partMetadata.set(ctx, s.db, row.part.Id, req.GetData()); err != nil {
		return nil, err
	}
	return &apppb.UpdateRobotPartMetadataResponse{}, nil
}
