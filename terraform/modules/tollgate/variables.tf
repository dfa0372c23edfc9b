variable "namespace" {
  description = "Kubernetes namespace the platform runs in."
  type        = string
  default     = "tollgate"
}

variable "create_namespace" {
  description = "Whether the module creates the namespace (false when it exists already)."
  type        = bool
  default     = true
}

variable "release_name" {
  description = "Name of the Helm release; prefixes every Kubernetes object."
  type        = string
  default     = "tollgate"
}

variable "chart_path" {
  description = "Path to the Tollgate Helm chart; the one in this repository unless set."
  type        = string
  default     = null
}

variable "image_registry" {
  description = "Registry and path the role images are pulled from: {registry}/{silo|gateway|portal}:{tag}."
  type        = string
  default     = "ghcr.io/tollgate"
}

variable "image_tag" {
  description = "Tag of the Tollgate images to run."
  type        = string
}

variable "silo_replicas" {
  description = "Control-plane silos (Orleans, Admin API). Two or more survive the loss of one."
  type        = number
  default     = 2
}

variable "gateway_min_replicas" {
  description = "Fewest gateway nodes the autoscaler keeps."
  type        = number
  default     = 2
}

variable "gateway_max_replicas" {
  description = "Most gateway nodes the autoscaler starts."
  type        = number
  default     = 10
}

variable "gateway_target_cpu_percent" {
  description = "Average CPU use of the gateway nodes the autoscaler aims at."
  type        = number
  default     = 60
}

variable "portal_replicas" {
  description = "Console and developer portal processes."
  type        = number
  default     = 2
}

variable "postgres_connection_string" {
  description = "Npgsql connection string of the platform database, e.g. Host=...;Username=...;Password=...;Database=tollgate;SSL Mode=Require."
  type        = string
  sensitive   = true
}

variable "bootstrap_token" {
  description = "The operator's Admin API token (Kong-Admin-Token), at least 32 random characters."
  type        = string
  sensitive   = true
}

variable "gateway_domain" {
  description = "Tenants are served at {tenant}.{gateway_domain}; point a wildcard DNS record at the proxy endpoint."
  type        = string
}

variable "portal_host" {
  description = "Host name of the console and developer portal, served by the Ingress."
  type        = string
}

variable "portal_tls_secret_name" {
  description = "Secret holding the portal host's TLS certificate; empty for none (TLS ended in front of the Ingress)."
  type        = string
  default     = ""
}

variable "admin_host" {
  description = "Host name of the Admin API (and Stripe's webhook) on the Ingress; empty keeps it inside the cluster."
  type        = string
  default     = ""
}

variable "ingress_class_name" {
  description = "IngressClass of the portal and Admin API Ingresses."
  type        = string
  default     = "nginx"
}

variable "gateway_service_annotations" {
  description = "Annotations of the gateway's LoadBalancer Service, e.g. the cloud's load-balancer type."
  type        = map(string)
  default     = {}
}

variable "stripe_secret_key" {
  description = "Stripe secret API key (sk_live_...); empty bills with the built-in ledger."
  type        = string
  default     = ""
  sensitive   = true
}

variable "stripe_webhook_secret" {
  description = "Signing secret of the Stripe webhook endpoint (whsec_...), which points at {admin}/billing/stripe/webhook."
  type        = string
  default     = ""
  sensitive   = true
}

variable "smtp" {
  description = "SMTP server of the portal's mail (confirmations, resets, invitations); null writes mail to the log."
  type = object({
    host = string
    port = optional(number, 587)
    user = optional(string, "")
    from = string
  })
  default = null
}

variable "smtp_password" {
  description = "Password of the SMTP user, when the server wants one."
  type        = string
  default     = ""
  sensitive   = true
}

variable "resources" {
  description = "CPU and memory requests and limits per role (silo, gateway, portal), as Kubernetes quantities."
  type = map(object({
    requests = object({ cpu = string, memory = string })
    limits   = object({ cpu = string, memory = string })
  }))
  default = {
    silo    = { requests = { cpu = "500m", memory = "512Mi" }, limits = { cpu = "2", memory = "1536Mi" } }
    gateway = { requests = { cpu = "1", memory = "512Mi" }, limits = { cpu = "2", memory = "1Gi" } }
    portal  = { requests = { cpu = "250m", memory = "384Mi" }, limits = { cpu = "1", memory = "1Gi" } }
  }
}

variable "pod_monitor" {
  description = "Whether to create a PodMonitor (Prometheus Operator); otherwise pods carry prometheus.io scrape annotations."
  type        = bool
  default     = false
}
