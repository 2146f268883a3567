// The plan the page shows: its departments by name, so a page names 市工业和信息化局 rather than gxj.
let departments = new Map();

export function setPlan(plan) {
  departments = new Map((plan.departments || []).map((d) => [d.code, d.name]));
}

export const departmentName = (code) => departments.get(code) || code;
