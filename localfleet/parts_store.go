package localfleet

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const partSelect = `SELECT p.id, p.name, p.robot_id, r.name, r.location_id, p.main, p.config, p.config_json,
	p.user_info, p.online_state, p.last_access, p.created_on, p.last_updated
FROM parts p JOIN robots r ON r.id = p.robot_id`

// partRow is a stored part before it becomes a RobotPart.
type partRow struct {
	part      *apppb.RobotPart
	robotName string
}

func scanPart(row interface{ Scan(...any) error }, now time.Time) (*partRow, error) {
	var (
		p                    apppb.RobotPart
		robotName            string
		config, userInfo     []byte
		configJSON           sql.NullString
		state                int32
		lastAccess           sql.NullInt64
		created, lastUpdated int64
	)
	if err := row.Scan(&p.Id, &p.Name, &p.Robot, &robotName, &p.LocationId, &p.MainPart, &config, &configJSON,
		&userInfo, &state, &lastAccess, &created, &lastUpdated); err != nil {
		return nil, err
	}
	var err error
	if p.RobotConfig, err = decodeStruct(config); err != nil {
		return nil, fmt.Errorf("part %q config: %w", p.Id, err)
	}
	if p.RobotConfig == nil { // a part that was never configured has an empty config
		p.RobotConfig = &structpb.Struct{}
	}
	if p.UserSuppliedInfo, err = decodeStruct(userInfo); err != nil {
		return nil, fmt.Errorf("part %q user_supplied_info: %w", p.Id, err)
	}
	if configJSON.Valid {
		p.RobotConfigJson = &configJSON.String
	}
	p.OnlineState = apppb.OnlineState(state)
	if lastAccess.Valid {
		seen := nanos(lastAccess.Int64)
		p.LastAccess = timestamppb.New(seen)
		if p.OnlineState == apppb.OnlineState_ONLINE_STATE_OFFLINE {
			p.SecondsSinceOnline = int64(now.Sub(seen) / time.Second)
		}
	}
	p.CreatedOn = timestamppb.New(nanos(created))
	p.LastUpdated = timestamppb.New(nanos(lastUpdated))
	p.DnsName = partDNSName(robotName, p.Name)
	p.Fqdn = p.DnsName + "." + p.LocationId + ".viam.cloud"
	p.LocalFqdn = p.DnsName + "." + p.LocationId + ".local.viam.cloud"
	return &partRow{part: &p, robotName: robotName}, nil
}

// partDNSName is the first label of a part's fqdn: "<machine>-<part>",
// without repeating the machine when the part name already starts with it
// (the main part "<machine>-main" gives "<machine>-main").
func partDNSName(robotName, partName string) string {
	machine, part := dnsLabel(robotName), dnsLabel(partName)
	if strings.HasPrefix(part, machine+"-") || part == machine {
		return part
	}
	return machine + "-" + part
}

// encodeStruct stores a Struct exactly (numbers stay doubles, nothing is
// reordered or dropped); nil stays nil.
func encodeStruct(st *structpb.Struct) ([]byte, error) {
	if st == nil {
		return nil, nil
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(st)
}

func decodeStruct(b []byte) (*structpb.Struct, error) {
	if b == nil {
		return nil, nil
	}
	st := &structpb.Struct{}
	if err := proto.Unmarshal(b, st); err != nil {
		return nil, err
	}
	return st, nil
}

// structFromMap converts decoded JSON into a Struct.
func structFromMap(m map[string]any) (*structpb.Struct, error) {
	if m == nil {
		return nil, nil
	}
	return structpb.NewStruct(m)
}

// configJSON renders a part's config as GetRobotPart's config_json: the
// JSON text it was saved as, if any, else the Struct as compact JSON.
func configJSON(p *apppb.RobotPart) (string, error) {
	if p.RobotConfigJson != nil {
		return p.GetRobotConfigJson(), nil
	}
	if p.RobotConfig == nil {
		return "{}", nil
	}
	b, err := json.Marshal(p.RobotConfig.AsMap())
	if err != nil {
		return "", fmt.Errorf("render config of part %q: %w", p.Id, err)
	}
	return string(b), nil
}

// loadPart returns a part and its machine's scope, NotFound if the part
// does not exist.
func (s *service) loadPart(ctx context.Context, q querier, id string) (*partRow, scope, error) {
	row, err := scanPart(q.QueryRowContext(ctx, partSelect+` WHERE p.id = ?`, id), s.clock.Now())
	if err == sql.ErrNoRows {
		return nil, scope{}, notFound("part", id)
	}
	if err != nil {
		return nil, scope{}, storageError("get part", err)
	}
	sc, err := s.robotScope(ctx, q, row.part.Robot, row.part.LocationId)
	return row, sc, err
}

// requirePart validates a part id field, loads the part and checks that the
// caller holds perm on its machine.
func (s *service) requirePart(ctx context.Context, field, id, perm string) (*partRow, scope, error) {
	if err := checkUUID(field, "part", id); err != nil {
		return nil, scope{}, err
	}
	row, sc, err := s.loadPart(ctx, s.db, id)
	if err != nil {
		return nil, scope{}, err
	}
	return row, sc, s.require(ctx, perm, sc)
}

// fillPartSecrets adds the part's secrets to p.
func (s *service) fillPartSecrets(ctx context.Context, q querier, p *apppb.RobotPart) error {
	secrets, err := loadSecrets(ctx, q, `SELECT id, secret, created_on FROM part_secrets WHERE part_id = ? ORDER BY rowid`, p.Id)
	if err != nil {
		return storageError("load part secrets", err)
	}
	p.Secrets = secrets
	if len(secrets) > 0 {
		p.Secret = secrets[0].Secret
	}
	return nil
}

// redactPart shows a part as the caller may see it: without config unless
// they may read configs, without secrets unless they may read secrets.
func (s *service) redactPart(ctx context.Context, q querier, p *apppb.RobotPart, sc scope) error {
	if !s.can(ctx, permReadRobotConfig, sc) {
		p.RobotConfig, p.RobotConfigJson = nil, nil
	}
	if s.can(ctx, permReadRobotSecret, sc) {
		return s.fillPartSecrets(ctx, q, p)
	}
	return nil
}

// insertPart stores a new part with its first secret, awaiting setup.
func (s *service) insertPart(ctx context.Context, tx *txn, robotID, name string, main bool) (string, error) {
	id := s.ids.UUID()
	now := s.clock.Now().UnixNano()
	_, err := tx.ExecContext(ctx, `INSERT INTO parts (id, robot_id, name, main, online_state, created_on, last_updated)
VALUES (?, ?, ?, ?, ?, ?, ?)`, id, robotID, name, main, int32(apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP), now, now)
	if isUniqueViolation(err) {
		return "", alreadyExistsf("part_name: machine %q already has a part named %q", robotID, name)
	}
	if isForeignKeyViolation(err) {
		return "", notFound("machine", robotID)
	}
	if err != nil {
		return "", fmt.Errorf("insert part %q: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO part_secrets (id, part_id, secret, created_on) VALUES (?, ?, ?, ?)`,
		s.ids.UUID(), id, s.ids.Secret(), now); err != nil {
		return "", fmt.Errorf("insert part secret: %w", err)
	}
	return id, nil
}
