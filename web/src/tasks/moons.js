export const moonsTasks = {};
