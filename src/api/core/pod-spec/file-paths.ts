// Rules for file paths inside volumes, subPaths and profiles (upstream
// validatePathNoBacksteps, validateLocalDescendingPath, ValidateLocalNonReservedPath).
import { type FieldError, invalid } from '../../internal/field-errors.ts';

/** `validatePathNoBacksteps`: no `..` element. */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split(/[/\\]/).includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

/** `validateLocalDescendingPath`: relative and without `..`. */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** `ValidateLocalNonReservedPath`. */
export function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}
