export const mixtureTasks = {};
