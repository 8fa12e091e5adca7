/**
 * Usernames are compared case-insensitively by storing them lower-cased. They also become the
 * record's `createdBy`, which the domain limits to 80 characters.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export const normalizeUsername = (username: string): string => username.trim().toLowerCase();

export const isValidUsername = (username: string): boolean => USERNAME_PATTERN.test(username);
