import { Field } from '../../components/Field';
import type { PolicyErrors, PolicyField, PolicyFormValues } from './policy';
import { rankLabel } from './tiers';

interface PolicyFieldsProps {
  values: PolicyFormValues;
  errors: PolicyErrors;
  tiers: readonly { id: string; name: string; rank: number }[];
  disabled?: boolean;
  onChange: (field: PolicyField, value: string) => void;
}

/** The rules of a lifecycle policy: warm after N days → tier, cold after M days → tier, delete after R days, a quota. */
export function PolicyFields({ values, errors, tiers, disabled = false, onChange }: PolicyFieldsProps) {
  const targets = tiers.filter((t) => t.rank > 0);
  const days = (field: PolicyField, label: string, hint: string) => (
    <Field label={label} error={errors[field]} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="input"
          inputMode="numeric"
          placeholder="never"
          autoComplete="off"
          value={values[field]}
          disabled={disabled}
          onChange={(e) => onChange(field, e.target.value)}
        />
      )}
    </Field>
  );
  const tier = (field: 'warmTierId' | 'coldTierId', label: string) => (
    <Field label={label} error={errors[field]}>
      {(control) => (
        <select {...control} className="select" value={values[field]} disabled={disabled} onChange={(e) => onChange(field, e.target.value)}>
          <option value="">No move</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({rankLabel(t.rank).toLowerCase()})
            </option>
          ))}
          {values[field] !== '' && !targets.some((t) => t.id === values[field]) && <option value={values[field]}>Unknown tier</option>}
        </select>
      )}
    </Field>
  );
  return (
    <div className="policy-fields">
      <div className="form-row">
        {days('warmAfterDays', 'Warm after (days)', 'Age at which footage moves off the hot tier.')}
        {tier('warmTierId', 'Warm tier')}
      </div>
      <div className="form-row">
        {days('coldAfterDays', 'Cold after (days)', 'Age at which it moves on to a colder tier.')}
        {tier('coldTierId', 'Cold tier')}
      </div>
      <div className="form-row">
        {days('deleteAfterDays', 'Delete after (days)', 'Age at which footage is deleted; empty keeps it.')}
        <Field label="Quota per camera (GB)" error={errors.quotaGb} hint="Oldest footage goes first above it; empty for no limit.">
          {(control) => (
            <input
              {...control}
              className="input"
              placeholder="no limit"
              autoComplete="off"
              value={values.quotaGb}
              disabled={disabled}
              onChange={(e) => onChange('quotaGb', e.target.value)}
            />
          )}
        </Field>
      </div>
      {targets.length === 0 && <p className="muted small">Add a warm or cold tier on the Tiers tab to move footage off the hot tier.</p>}
    </div>
  );
}
